package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/secret"
)

// userFrom joins what a user listing shows. A user's place in the tree is their node, or
// for handlers their unit's node; residents and administrators sit at the root "/".
const userFrom = ` FROM users u
	LEFT JOIN nodes n ON n.id = u.node_id
	LEFT JOIN units un ON un.id = u.unit_id
	LEFT JOIN nodes unn ON unn.id = un.node_id`

const userPath = `COALESCE(n.path, unn.path, '/')`

const userCols = `u.id, COALESCE(u.username, ''), u.display_name, u.role, COALESCE(u.node_id, 0), COALESCE(u.unit_id, 0),
	u.phone_masked, u.disabled_at, u.locked_until, u.failed_logins, u.must_change_pw, u.lang, u.created_at, u.updated_at,
	u.last_login_at, u.version, COALESCE(n.name, unn.name, ''), COALESCE(n.full_code, unn.full_code, ''), ` + userPath + `, COALESCE(un.name, '')`

func scanUser(s rowScanner) (*account.User, error) {
	var u account.User
	var disabled, locked, lastLogin sql.NullInt64
	var created, updated int64
	if err := s.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.NodeID, &u.UnitID, &u.PhoneMasked, &disabled, &locked,
		&u.FailedLogins, &u.MustChangePW, &u.Lang, &created, &updated, &lastLogin, &u.Version, &u.NodeName, &u.NodeCode, &u.NodePath,
		&u.UnitName); err != nil {
		return nil, err
	}
	u.HasPhone = u.PhoneMasked != ""
	u.Disabled, u.LockedUntil, u.LastLogin = fromNullMS(disabled), fromNullMS(locked), fromNullMS(lastLogin)
	u.Created, u.Updated = fromMS(created), fromMS(updated)
	return &u, nil
}

func (db *DB) userByID(ctx context.Context, id int64) (*account.User, error) {
	u, err := scanUser(db.queryRow(ctx, `SELECT `+userCols+userFrom+` WHERE u.id = ?`, id))
	return u, mapErr(err, "entity.user")
}

// User returns an account the caller may see: their own, or one in their scope for
// callers allowed to view accounts.
func (db *DB) User(ctx context.Context, p *account.Principal, id int64) (*account.User, error) {
	u, err := db.userByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.ID != p.UserID && !(p.Can(account.UserView) && p.InScope(u.NodePath)) {
		return nil, errs.NotFoundf("entity.user")
	}
	return u, nil
}

// UserFilter selects accounts in a listing.
type UserFilter struct {
	Role    account.Role
	Under   int64 // accounts bound anywhere below this node
	UnitID  int64
	Query   string // name or username contains
	Status  string // "", "active", "disabled", "locked"
	AfterID int64  // keyset pagination: accounts with a larger id
	Limit   int
}

// Users lists the accounts in the caller's scope.
func (db *DB) Users(ctx context.Context, p *account.Principal, f UserFilter) ([]*account.User, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.UserView) {
		return nil, errs.ForbiddenErr()
	}
	where := []string{userPath + " >= ? AND " + userPath + " < ?"}
	args := []any{lo, hi}
	if f.Role != "" {
		where = append(where, "u.role = ?")
		args = append(args, f.Role)
	}
	if f.Under != 0 {
		under, err := db.Node(ctx, p, f.Under)
		if err != nil {
			return nil, err
		}
		ulo, uhi := admin.SubtreeRange(under.Path)
		where = append(where, userPath+" >= ? AND "+userPath+" < ?")
		args = append(args, ulo, uhi)
	}
	if f.UnitID != 0 {
		where = append(where, "u.unit_id = ?")
		args = append(args, f.UnitID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(u.display_name LIKE ? ESCAPE '\' OR u.username LIKE ? ESCAPE '\')`)
		args = append(args, "%"+escapeLike(q)+"%", "%"+escapeLike(strings.ToLower(q))+"%")
	}
	switch f.Status {
	case "active":
		where = append(where, "u.disabled_at IS NULL")
	case "disabled":
		where = append(where, "u.disabled_at IS NOT NULL")
	case "locked":
		where = append(where, "u.locked_until > ?")
		args = append(args, ms(db.now()))
	}
	if f.AfterID != 0 {
		where = append(where, "u.id > ?")
		args = append(args, f.AfterID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	args = append(args, limit)
	return queryList(ctx, db, "entity.user", scanUser, `SELECT `+userCols+userFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY u.id LIMIT ?`, args...)
}

// CountUsersByRole counts active accounts per role in the caller's scope.
func (db *DB) CountUsersByRole(ctx context.Context, p *account.Principal) (map[account.Role]int, error) {
	lo, hi, ok := p.Scope()
	if !ok {
		return map[account.Role]int{}, nil
	}
	return queryCounts[account.Role](ctx, db, "entity.user", `SELECT u.role, COUNT(*)`+userFrom+` WHERE `+userPath+` >= ? AND `+userPath+` < ? AND u.disabled_at IS NULL GROUP BY u.role`, lo, hi)
}

// binding looks up and scope-checks what an account is to be bound to.
func (db *DB) binding(ctx context.Context, p *account.Principal, in account.UserInput) (account.Binding, string, error) {
	var b account.Binding
	path := "/"
	switch {
	case in.Role.BindsUnit() && in.UnitID != 0:
		u, err := db.Unit(ctx, p, in.UnitID)
		if err != nil {
			return b, "", errs.FieldInvalid("unit_id", "err.not_found", errs.M("entity.unit"))
		}
		b.Unit, path = u, u.NodePath
	case in.Role.BindsNode() && in.NodeID != 0:
		n, err := db.Node(ctx, p, in.NodeID)
		if err != nil {
			return b, "", errs.FieldInvalid("node_id", "err.not_found", errs.M("entity.node"))
		}
		b.Node, path = n, n.Path
	}
	return b, path, nil
}

func (db *DB) sealPhone(phone string) (enc, masked string, hash any, err error) {
	if phone == "" {
		return "", "", nil, nil
	}
	if db.keys == nil {
		return "", "", nil, errs.Internalf("no encryption key configured")
	}
	enc, err = db.keys.Seal(phone, "users.phone")
	if err != nil {
		return "", "", nil, errs.Internalf("seal phone: %v", err)
	}
	return enc, secret.MaskPhone(phone), db.keys.Lookup("phone", phone), nil
}

// CreateUser creates an account. Administrators create any account; staff create
// accounts (never administrators) bound inside their scope.
func (db *DB) CreateUser(ctx context.Context, p *account.Principal, in account.UserInput) (*account.User, error) {
	in.Normalize()
	if !p.Can(account.UserManage) || (in.Role.Valid() && !p.Role.CanAssign(in.Role)) {
		return nil, errs.ForbiddenErr()
	}
	b, path, err := db.binding(ctx, p, in)
	if err != nil {
		return nil, err
	}
	// Validate before the scope check: a missing node or unit leaves the binding at the
	// root, which would otherwise turn "required" into a refusal. Once the input is valid,
	// a node or unit binding was found through the caller's scope, so the check below only
	// decides the accounts that sit at the root (administrators, residents).
	if err := in.Validate(b, true); err != nil {
		return nil, err
	}
	if !p.InScope(path) {
		return nil, errs.ForbiddenErr()
	}
	hash := in.PasswordHash
	if hash == "" || !p.System {
		var err error
		if hash, err = secret.HashPassword(in.Password); err != nil {
			return nil, errs.Internalf("hash password: %v", err)
		}
	}
	enc, masked, phoneHash, err := db.sealPhone(in.Phone)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		var err error
		id, err = tx.insert(`INSERT INTO users (username, display_name, role, node_id, unit_id, phone_enc, phone_masked, phone_hash,
			password_hash, must_change_pw, password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			nullStr(in.Username), in.DisplayName, in.Role, nullID(bindNode(b)), nullID(bindUnit(b)), enc, masked, phoneHash, hash,
			!p.System && in.Role != account.Resident, now, now, now)
		if err != nil {
			switch {
			case isUnique(err, "username"):
				return errs.FieldInvalid("username", "err.username_taken")
			case isUnique(err, "phone"):
				return errs.FieldInvalid("phone", "err.phone_taken")
			}
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: "user.create", Entity: "user", EntityID: id, NodePath: path,
			Detail: map[string]any{"username": in.Username, "display_name": secret.MaskName(in.DisplayName), "role": in.Role,
				"node_id": in.NodeID, "unit_id": in.UnitID}})
	})
	if err != nil {
		return nil, err
	}
	return db.userByID(ctx, id)
}

func bindNode(b account.Binding) int64 {
	if b.Node != nil {
		return b.Node.ID
	}
	return 0
}

func bindUnit(b account.Binding) int64 {
	if b.Unit != nil {
		return b.Unit.ID
	}
	return 0
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// manageable loads an account the caller may change: in scope, of a role the caller may
// assign, and never the caller's own role or binding (use the account page for that).
func (db *DB) manageable(ctx context.Context, p *account.Principal, id int64) (*account.User, error) {
	u, err := db.User(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !p.Can(account.UserManage) || !p.InScope(u.NodePath) || !p.Role.CanAssign(u.Role) {
		return nil, errs.ForbiddenErr()
	}
	return u, nil
}

// UpdateUser changes an account's name, role, binding and phone.
func (db *DB) UpdateUser(ctx context.Context, p *account.Principal, id int64, in account.UserInput, version int) (*account.User, error) {
	in.Normalize()
	u, err := db.manageable(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if id == p.UserID && (in.Role != u.Role || in.NodeID != u.NodeID || in.UnitID != u.UnitID) {
		return nil, errs.FieldInvalid("role", "err.own_role")
	}
	if in.Role.Valid() && !p.Role.CanAssign(in.Role) {
		return nil, errs.ForbiddenErr()
	}
	if u.Username == "" && in.Role == account.Resident {
		in.Username = "" // residents who signed up with a phone keep signing in with it
	}
	b, path, err := db.binding(ctx, p, in)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(b, false); err != nil { // first, as in CreateUser
		return nil, err
	}
	if !p.InScope(path) {
		return nil, errs.ForbiddenErr()
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		q := `UPDATE users SET username = ?, display_name = ?, role = ?, node_id = ?, unit_id = ?, updated_at = ?, version = version + 1`
		args := []any{nullStr(in.Username), in.DisplayName, in.Role, nullID(bindNode(b)), nullID(bindUnit(b)), ms(tx.now)}
		phoneChanged := in.Phone != "" // a blank phone field keeps the stored number
		if phoneChanged {
			enc, masked, hash, err := db.sealPhone(in.Phone)
			if err != nil {
				return err
			}
			q += `, phone_enc = ?, phone_masked = ?, phone_hash = ?`
			args = append(args, enc, masked, hash)
		}
		args = append(args, id, version)
		if err := expectOne(tx.exec(q+` WHERE id = ? AND version = ?`, args...)); err != nil {
			switch {
			case isUnique(err, "username"):
				return errs.FieldInvalid("username", "err.username_taken")
			case isUnique(err, "phone"):
				return errs.FieldInvalid("phone", "err.phone_taken")
			}
			return mapErr(err, "entity.user")
		}
		if in.Role != u.Role || bindNode(b) != u.NodeID || bindUnit(b) != u.UnitID {
			// A new role or scope takes effect at once: sign the account out everywhere.
			if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return mapErr(err, "entity.user")
			}
		}
		return tx.audit(Record{Action: "user.update", Entity: "user", EntityID: id, NodePath: path,
			Detail: map[string]any{"username": []string{u.Username, in.Username}, "role": []account.Role{u.Role, in.Role},
				"node_id": []int64{u.NodeID, in.NodeID}, "unit_id": []int64{u.UnitID, in.UnitID}, "phone_changed": phoneChanged}})
	})
	if err != nil {
		return nil, err
	}
	return db.userByID(ctx, id)
}

// ResetPassword sets a new password chosen by an administrator; the owner must change it
// at next sign-in, and every session of the account ends.
func (db *DB) ResetPassword(ctx context.Context, p *account.Principal, id int64, password string) error {
	u, err := db.manageable(ctx, p, id)
	if err != nil {
		return err
	}
	var v errs.Validation
	account.ValidatePassword(&v, "password", password)
	if err := v.Err(); err != nil {
		return err
	}
	return db.setPassword(ctx, p, u, password, !p.System, "user.password_reset")
}

// ChangeOwnPassword changes the caller's password after checking the current one.
func (db *DB) ChangeOwnPassword(ctx context.Context, p *account.Principal, current, next string) error {
	u, err := db.userByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	var hash string
	if err := db.queryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
		return mapErr(err, "entity.user")
	}
	var v errs.Validation
	if ok, _ := secret.VerifyPassword(current, hash); !ok {
		v.Add("current", "err.password_wrong")
	}
	account.ValidatePassword(&v, "password", next)
	v.Check(next != current || v.Has("password"), "password", "err.password_same")
	if err := v.Err(); err != nil {
		return err
	}
	return db.setPassword(ctx, p, u, next, false, "user.password_change")
}

func (db *DB) setPassword(ctx context.Context, p *account.Principal, u *account.User, pw string, mustChange bool, action string) error {
	hash, err := secret.HashPassword(pw)
	if err != nil {
		return errs.Internalf("hash password: %v", err)
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE users SET password_hash = ?, must_change_pw = ?, password_changed_at = ?, failed_logins = 0,
			locked_until = NULL, updated_at = ?, version = version + 1 WHERE id = ?`, hash, mustChange, ms(tx.now), ms(tx.now), u.ID); err != nil {
			return mapErr(err, "entity.user")
		}
		// Other sessions end; a person changing their own password stays signed in on
		// this browser because the web layer creates a fresh session right after.
		if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: action, Entity: "user", EntityID: u.ID, NodePath: u.NodePath})
	})
}

// SetUserDisabled disables an account (it can no longer sign in; its sessions and tokens
// stop working) or enables it again.
func (db *DB) SetUserDisabled(ctx context.Context, p *account.Principal, id int64, disabled bool) error {
	u, err := db.manageable(ctx, p, id)
	if err != nil {
		return err
	}
	if id == p.UserID {
		return errs.E(errs.Conflict, "err.own_account")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		var at any
		action := "user.enable"
		if disabled {
			at, action = ms(tx.now), "user.disable"
			if _, err := tx.exec(`DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
				return mapErr(err, "entity.user")
			}
		}
		if _, err := tx.exec(`UPDATE users SET disabled_at = ?, updated_at = ?, version = version + 1 WHERE id = ?`, at, ms(tx.now), id); err != nil {
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: action, Entity: "user", EntityID: id, NodePath: u.NodePath})
	})
}

// UnlockUser lifts a lock-out caused by failed sign-ins.
func (db *DB) UnlockUser(ctx context.Context, p *account.Principal, id int64) error {
	u, err := db.manageable(ctx, p, id)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.exec(`UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?`, ms(tx.now), id); err != nil {
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: "user.unlock", Entity: "user", EntityID: id, NodePath: u.NodePath})
	})
}

// UnmaskPhone reveals an account's full phone number to a caller allowed to unmask
// personal data, for a stated purpose, and records the read in the audit log.
func (db *DB) UnmaskPhone(ctx context.Context, p *account.Principal, id int64, purpose string) (string, error) {
	purpose = strings.TrimSpace(purpose)
	u, err := db.User(ctx, p, id)
	if err != nil {
		return "", err
	}
	if u.ID != p.UserID && !p.Can(account.PersonalUnmask) {
		return "", errs.ForbiddenErr()
	}
	var v errs.Validation
	if v.Require("purpose", purpose) {
		v.Check(len([]rune(purpose)) >= 2, "purpose", "err.purpose_short")
		v.MaxLen("purpose", purpose, 200)
	}
	if err := v.Err(); err != nil {
		return "", err
	}
	var enc string
	if err := db.queryRow(ctx, `SELECT phone_enc FROM users WHERE id = ?`, id).Scan(&enc); err != nil {
		return "", mapErr(err, "entity.user")
	}
	if enc == "" {
		return "", nil
	}
	phone, err := db.keys.Open(enc, "users.phone")
	if err != nil {
		return "", errs.Internalf("open phone of user %d: %v", id, err)
	}
	if err := db.Audit(ctx, p, Record{Action: "user.unmask_phone", Entity: "user", EntityID: id, NodePath: u.NodePath, Purpose: purpose}); err != nil {
		return "", err
	}
	return phone, nil
}

// SetUserLang stores the caller's preferred language.
func (db *DB) SetUserLang(ctx context.Context, p *account.Principal, lang string) error {
	return db.write(ctx, p, func(tx *Tx) error {
		_, err := tx.exec(`UPDATE users SET lang = ?, updated_at = ? WHERE id = ?`, lang, ms(tx.now), p.UserID)
		if err != nil {
			return mapErr(err, "entity.user")
		}
		return tx.audit(Record{Action: "user.lang", Entity: "user", EntityID: p.UserID, Detail: map[string]string{"lang": lang}})
	})
}

// principalFor builds the principal of an active account.
func (db *DB) principalFor(ctx context.Context, userID int64) (*account.Principal, *account.User, error) {
	u, err := db.userByID(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	if u.IsDisabled() {
		return nil, nil, errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	p := &account.Principal{UserID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: u.Role,
		NodeID: u.NodeID, UnitID: u.UnitID}
	switch {
	case u.Role == account.Admin:
		p.ScopePath = "/"
	case u.Role == account.Resident:
		p.ScopePath = ""
	default:
		p.ScopePath = u.NodePath
		if u.Role.BindsNode() && u.NodeID != 0 {
			if err := db.queryRow(ctx, `SELECT level FROM nodes WHERE id = ?`, u.NodeID).Scan(&p.NodeLevel); err != nil {
				return nil, nil, mapErr(err, "entity.node")
			}
		}
		if u.Role.BindsUnit() {
			unit, err := db.unitByID(ctx, u.UnitID)
			if err != nil {
				return nil, nil, err
			}
			p.NodeID = unit.NodeID
		}
	}
	return p, u, nil
}

// PrincipalFor returns the principal of an account by id (for the command line).
func (db *DB) PrincipalFor(ctx context.Context, userID int64) (*account.Principal, error) {
	p, _, err := db.principalFor(ctx, userID)
	return p, err
}

// UserIDByLogin finds an account by username or phone (for the command line).
func (db *DB) UserIDByLogin(ctx context.Context, login string) (int64, error) {
	var id int64
	err := db.queryRow(ctx, `SELECT id FROM users WHERE username = ? OR phone_hash = ?`, strings.ToLower(strings.TrimSpace(login)),
		db.keys.Lookup("phone", account.NormalizePhone(login))).Scan(&id)
	return id, mapErr(err, "entity.user")
}
