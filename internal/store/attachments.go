package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"path"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/media"
	"github.com/shequ-dev/shequ/internal/secret"
)

// MaxPhotosPerCall is how many photos one report or one case event may carry.
const MaxPhotosPerCall = 9

// UnlinkedAttachmentTTL is how long an upload waits for the report it was made for;
// PurgeUnlinkedAttachments removes older ones.
const UnlinkedAttachmentTTL = 24 * time.Hour

// photosField is the input field of the photos of a report or case event.
const photosField = "photos"

// Attachment is a stored photo, without its bytes.
type Attachment struct {
	ID            int64
	SHA256        string // hex digest of the stored (cleaned) bytes
	Mime          string // media.JPEG or media.PNG
	Size          int64  // bytes stored
	Width, Height int    // as the photo is seen, after its orientation
	UploadedBy    int64  // the account; 0 for an anonymous resident
	CaseID        int64  // 0 until linked
	EventID       int64  // 0 when linked to the case itself
	NodePath      string // the case's node, once linked
	Created       time.Time
}

// SaveAttachment checks a photo by its content (media.Inspect), removes its location and
// other metadata (media.Clean), makes its thumbnail and stores both, unlinked. It returns
// the attachment and a claim token: a secret shown only to the uploader, stored only as a
// hash. An anonymous resident is a principal with UserID 0 (the web layer names the
// client address in it); the claim token is how they later show the upload is theirs.
// name is the uploaded file's name: only its extension reaches the audit log, never
// the content.
func (db *DB) SaveAttachment(ctx context.Context, p *account.Principal, name string, data []byte) (Attachment, string, error) {
	if p == nil {
		return Attachment{}, "", errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	info, err := media.Inspect(data)
	if err != nil {
		return Attachment{}, "", err
	}
	clean, err := media.Clean(data)
	if err != nil {
		return Attachment{}, "", err
	}
	thumb, err := media.Thumbnail(clean, media.ThumbSide)
	if err != nil {
		return Attachment{}, "", err
	}
	sum := sha256.Sum256(clean)
	a := Attachment{SHA256: hex.EncodeToString(sum[:]), Mime: info.Mime, Size: int64(len(clean)), Width: info.Width,
		Height: info.Height, UploadedBy: p.UserID}
	if info.Orientation >= 5 { // stored turned a quarter
		a.Width, a.Height = a.Height, a.Width
	}
	claim := secret.NewToken("clm_")
	err = db.write(ctx, p, func(tx *Tx) error {
		a.Created = tx.now.Truncate(time.Millisecond).UTC()
		var err error
		a.ID, err = tx.insert(`INSERT INTO attachments (sha256, mime, size, width, height, data, thumb, uploaded_by, claim_hash, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.SHA256, a.Mime, a.Size, a.Width, a.Height, clean, thumb, a.UploadedBy,
			secret.HashToken(claim), ms(tx.now))
		if err != nil {
			return mapErr(err, "entity.attachment")
		}
		return tx.audit(Record{Action: "attachment.upload", Entity: "attachment", EntityID: a.ID, Detail: map[string]any{
			"mime": a.Mime, "size": a.Size, "original_size": len(data), "width": a.Width, "height": a.Height, "sha256": a.SHA256,
			"ext": strings.ToLower(path.Ext(name))}})
	})
	if err != nil {
		return Attachment{}, "", err
	}
	return a, claim, nil
}

// linkAttachments attaches uploads to a case (eventID 0) or to one of its events, inside
// the case core's transaction, and stamps them with the case's node path for the scope
// checks of AttachmentFor. Each upload must still be unlinked and be the caller's: made
// by the same account, or proven by the claim token given at upload (claims[i] belongs to
// ids[i]; signed-in callers may leave claims empty). At most MaxPhotosPerCall at once.
// Every refusal is a field error on "photos", saying nothing of other people's uploads.
func (t *Tx) linkAttachments(caseID, eventID int64, nodePath string, ids []int64, claims []string) error {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > MaxPhotosPerCall {
		return errs.FieldInvalid(photosField, "err.photos_too_many", MaxPhotosPerCall)
	}
	if caseID <= 0 || len(claims) > len(ids) {
		return errs.FieldInvalid(photosField, "err.photos_unknown")
	}
	seen := map[int64]bool{}
	for i, id := range ids {
		claim := ""
		if i < len(claims) {
			claim = claims[i]
		}
		if seen[id] {
			return errs.FieldInvalid(photosField, "err.photos_unknown")
		}
		seen[id] = true
		var uploader int64
		var claimHash string
		var linked sql.NullInt64
		err := t.queryRow(`SELECT uploaded_by, claim_hash, case_id FROM attachments WHERE id = ?`, id).Scan(&uploader, &claimHash, &linked)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.FieldInvalid(photosField, "err.photos_unknown")
		}
		if err != nil {
			return mapErr(err, "entity.attachment")
		}
		if linked.Valid || !(ownUpload(t.p, uploader) || claimMatches(claim, claimHash)) {
			return errs.FieldInvalid(photosField, "err.photos_unknown")
		}
		var event any
		if eventID > 0 {
			event = eventID
		}
		err = expectOne(t.exec(`UPDATE attachments SET case_id = ?, event_id = ?, node_path = ? WHERE id = ? AND case_id IS NULL`,
			caseID, event, nodePath, id))
		if errs.Is(err, errs.Conflict) {
			return errs.FieldInvalid(photosField, "err.photos_unknown")
		}
		if err != nil {
			return mapErr(err, "entity.attachment")
		}
	}
	return t.audit(Record{Action: "attachment.link", Entity: "case", EntityID: caseID, NodePath: nodePath,
		Detail: map[string]any{"attachments": ids, "event_id": eventID}})
}

// ownUpload reports whether the signed-in caller made the upload.
func ownUpload(p *account.Principal, uploader int64) bool {
	return p != nil && p.UserID != 0 && uploader == p.UserID
}

// claimMatches compares a claim token with the stored hash in constant time.
func claimMatches(claim, hash string) bool {
	return claim != "" && subtle.ConstantTimeCompare([]byte(secret.HashToken(claim)), []byte(hash)) == 1
}

// AttachmentFor returns a photo's type and bytes (or its thumbnail's) to a caller who may
// see it:
//   - the account that uploaded it, always;
//   - before linking, whoever presents its claim token (an anonymous resident's picker);
//   - after linking, whoever may see the case (cases.Sees: its area's staff and grid
//     workers, the handlers of the unit holding it).
//
// Anyone else is told it does not exist.
func (db *DB) AttachmentFor(ctx context.Context, p *account.Principal, id int64, thumb bool, claim string) (mime string, data []byte, err error) {
	a, err := db.Attachment(ctx, p, id, claim)
	if err != nil {
		return "", nil, err
	}
	col, mime := "data", a.Mime
	if thumb {
		col, mime = "thumb", media.JPEG
	}
	if err := db.queryRow(ctx, `SELECT `+col+` FROM attachments WHERE id = ?`, id).Scan(&data); err != nil {
		return "", nil, mapErr(err, "entity.attachment")
	}
	return mime, data, nil
}

// Attachment returns a photo's description, without its bytes, to the callers
// AttachmentFor lets see it.
func (db *DB) Attachment(ctx context.Context, p *account.Principal, id int64, claim string) (Attachment, error) {
	var a Attachment
	var claimHash string
	var caseID, eventID sql.NullInt64
	var nodePath sql.NullString
	var created int64
	err := db.queryRow(ctx, `SELECT id, sha256, mime, size, width, height, uploaded_by, claim_hash, case_id, event_id, node_path, created_at
		FROM attachments WHERE id = ?`, id).Scan(&a.ID, &a.SHA256, &a.Mime, &a.Size, &a.Width, &a.Height, &a.UploadedBy,
		&claimHash, &caseID, &eventID, &nodePath, &created)
	if err != nil {
		return Attachment{}, mapErr(err, "entity.attachment")
	}
	a.CaseID, a.EventID, a.NodePath, a.Created = caseID.Int64, eventID.Int64, nodePath.String, fromMS(created)
	allowed := ownUpload(p, a.UploadedBy)
	switch {
	case allowed:
	case a.CaseID == 0:
		allowed = claimMatches(claim, claimHash)
	default:
		_, err := db.Case(ctx, p, a.CaseID)
		if err != nil && errs.CodeOf(err) != errs.NotFound {
			return Attachment{}, err
		}
		allowed = err == nil
	}
	if !allowed {
		return Attachment{}, errs.NotFoundf("entity.attachment")
	}
	return a, nil
}

// PurgeUnlinkedAttachments removes the uploads no report took within
// UnlinkedAttachmentTTL and returns how many; the scheduler runs it.
func (db *DB) PurgeUnlinkedAttachments(ctx context.Context, p *account.Principal) (int64, error) {
	var n int64
	err := db.write(ctx, p, func(tx *Tx) error {
		res, err := tx.exec(`DELETE FROM attachments WHERE case_id IS NULL AND created_at < ?`, ms(tx.now.Add(-UnlinkedAttachmentTTL)))
		if err != nil {
			return mapErr(err, "entity.attachment")
		}
		if n, err = res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return tx.audit(Record{Action: "attachment.purge", Entity: "attachment", Detail: map[string]any{"removed": n}})
	})
	return n, err
}
