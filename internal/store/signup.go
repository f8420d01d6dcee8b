package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/secret"
)

// SMSPolicy bounds verification codes.
type SMSPolicy struct {
	TTL         time.Duration // a code is valid this long
	Resend      time.Duration // at most one code per phone per this interval
	PerDay      int           // at most this many codes per phone per day
	MaxAttempts int           // wrong guesses before a code is burnt
}

// DefaultSMSPolicy: codes live 10 minutes, one a minute, ten a day, five guesses each.
var DefaultSMSPolicy = SMSPolicy{TTL: 10 * time.Minute, Resend: time.Minute, PerDay: 10, MaxAttempts: 5}

// IssueSMSCode makes a new 6-digit code for phone and purpose and returns it for the
// caller to send. It refuses when codes are requested too often.
func (db *DB) IssueSMSCode(ctx context.Context, phone, purpose, ip string, pol SMSPolicy) (string, error) {
	phone = account.NormalizePhone(phone)
	if !account.ValidMobile(phone) {
		return "", errs.FieldInvalid("phone", "err.mobile")
	}
	h := db.keys.Lookup("phone", phone)
	now := db.now()
	var last sql.NullInt64
	var today int
	if err := db.queryRow(ctx, `SELECT MAX(created_at), COUNT(*) FROM sms_codes WHERE phone_hash = ? AND created_at > ?`,
		h, ms(now.Add(-24*time.Hour))).Scan(&last, &today); err != nil {
		return "", mapErr(err, "entity.sms_code")
	}
	if last.Valid && now.Sub(fromMS(last.Int64)) < pol.Resend {
		return "", errs.E(errs.TooMany, "err.sms_wait", int((pol.Resend-now.Sub(fromMS(last.Int64))).Seconds())+1)
	}
	if today >= pol.PerDay {
		return "", errs.E(errs.TooMany, "err.sms_daily")
	}
	code := secret.RandomDigits(6)
	p := &account.Principal{Username: secret.MaskPhone(phone), IP: ip}
	err := db.write(ctx, p, func(tx *Tx) error {
		if _, err := tx.insert(`INSERT INTO sms_codes (phone_hash, purpose, code_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			h, purpose, secret.HashToken(code), ms(now), ms(now.Add(pol.TTL))); err != nil {
			return mapErr(err, "entity.sms_code")
		}
		return tx.audit(Record{Action: "sms.code", Entity: "sms_code", Detail: map[string]string{"purpose": purpose}})
	})
	return code, err
}

// SignUp is what a resident submits to open an account.
type SignUp struct {
	Phone       string
	Code        string
	DisplayName string
	Password    string
}

// SignUpResident checks the SMS code and creates a resident account signed in by phone.
func (db *DB) SignUpResident(ctx context.Context, in SignUp, ip string, pol SMSPolicy) (*account.Principal, error) {
	in.Phone, in.Code, in.DisplayName = account.NormalizePhone(in.Phone), strings.TrimSpace(in.Code), strings.TrimSpace(in.DisplayName)
	var v errs.Validation
	if v.Require("phone", in.Phone) {
		v.Check(account.ValidMobile(in.Phone), "phone", "err.mobile")
	}
	if v.Require("code", in.Code) {
		v.Check(len(in.Code) == 6 && allDigits(in.Code), "code", "err.sms_code")
	}
	if v.Require("display_name", in.DisplayName) {
		v.MaxLen("display_name", in.DisplayName, 40)
	}
	account.ValidatePassword(&v, "password", in.Password)
	if err := v.Err(); err != nil {
		return nil, err
	}
	h := db.keys.Lookup("phone", in.Phone)
	now := db.now()
	anon := &account.Principal{Username: secret.MaskPhone(in.Phone), IP: ip}
	var codeID int64
	var codeHash string
	var attempts int
	err := db.queryRow(ctx, `SELECT id, code_hash, attempts FROM sms_codes WHERE phone_hash = ? AND purpose = 'signup'
		AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC LIMIT 1`, h, ms(now)).Scan(&codeID, &codeHash, &attempts)
	if errors.Is(err, sql.ErrNoRows) || err == nil && attempts >= pol.MaxAttempts {
		return nil, errs.FieldInvalid("code", "err.sms_expired")
	}
	if err != nil {
		return nil, mapErr(err, "entity.sms_code")
	}
	if secret.HashToken(in.Code) != codeHash {
		if err := db.write(ctx, anon, func(tx *Tx) error {
			_, err := tx.exec(`UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?`, codeID)
			return mapErr(err, "entity.sms_code")
		}); err != nil {
			return nil, err
		}
		return nil, errs.FieldInvalid("code", "err.sms_wrong")
	}
	pwHash, err := secret.HashPassword(in.Password)
	if err != nil {
		return nil, errs.Internalf("hash password: %v", err)
	}
	enc, masked, _, err := db.sealPhone(in.Phone)
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, anon, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE sms_codes SET used_at = ? WHERE id = ? AND used_at IS NULL`, ms(now), codeID)); err != nil {
			return errs.FieldInvalid("code", "err.sms_expired")
		}
		var err error
		id, err = tx.insert(`INSERT INTO users (display_name, role, phone_enc, phone_masked, phone_hash, password_hash,
			password_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			in.DisplayName, account.Resident, enc, masked, h, pwHash, ms(now), ms(now), ms(now))
		if err != nil {
			if isUnique(err, "phone") {
				return errs.FieldInvalid("phone", "err.phone_registered")
			}
			return mapErr(err, "entity.user")
		}
		tx.p.UserID = id
		return tx.audit(Record{Action: "user.signup", Entity: "user", EntityID: id, NodePath: "/"})
	})
	if err != nil {
		return nil, err
	}
	p, _, err := db.principalFor(ctx, id)
	if p != nil {
		p.IP = ip
	}
	return p, err
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
