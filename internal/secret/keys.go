package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MasterKeySize is the length in bytes of the master secret from which all
// other keys are derived.
const MasterKeySize = 32

// The info strings separate the derived keys: a leak or misuse of one (for
// example the lookup key showing up in a log) reveals nothing about the
// other. The version tag lets a future scheme derive fresh keys from the same
// master without colliding with these.
const (
	infoDataKey   = "shequ/secret/v1 data-encryption"
	infoLookupKey = "shequ/secret/v1 lookup-hmac"
)

// Keys holds the keys derived from one master secret. Create it with
// ParseMasterKey or LoadOrCreateKeyFile; the zero value is not usable.
// A *Keys is safe for concurrent use.
type Keys struct {
	dataKey   [32]byte
	lookupKey [32]byte
	// aead is built once because constructing AES-GCM expands the key
	// schedule, which would otherwise be repeated on every field.
	aead cipher.AEAD
}

// ErrBadMasterKey reports master key text that is not standard base64 of
// exactly MasterKeySize bytes.
var ErrBadMasterKey = errors.New("secret: master key must be standard base64 of 32 random bytes (44 characters)")

// GenerateMasterKey returns a new random master key as standard base64 text,
// in the form accepted by ParseMasterKey and stored by LoadOrCreateKeyFile.
func GenerateMasterKey() string {
	var b [MasterKeySize]byte
	// crypto/rand.Read never returns an error; it aborts the program if the
	// operating system cannot supply randomness.
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// ParseMasterKey derives Keys from master key text such as a command-line
// flag or environment variable. Surrounding white space is ignored. The
// error never echoes the input, because the input is the secret.
func ParseMasterKey(s string) (*Keys, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("%w: not valid base64", ErrBadMasterKey)
	}
	if len(raw) != MasterKeySize {
		return nil, fmt.Errorf("%w: decodes to %d bytes", ErrBadMasterKey, len(raw))
	}
	// An all-zero key is what a mistaken `head -c 32 /dev/zero | base64`
	// produces; it would "work" while protecting nothing.
	if subtle.ConstantTimeCompare(raw, make([]byte, MasterKeySize)) == 1 {
		return nil, fmt.Errorf("%w: key is all zero bytes", ErrBadMasterKey)
	}
	return deriveKeys(raw)
}

// deriveKeys expands the master secret into the data and lookup keys. The
// master is already uniformly random, so HKDF needs no salt.
func deriveKeys(master []byte) (*Keys, error) {
	k := new(Keys)
	for _, d := range []struct {
		info string
		dst  []byte
	}{
		{infoDataKey, k.dataKey[:]},
		{infoLookupKey, k.lookupKey[:]},
	} {
		b, err := hkdf.Key(sha256.New, master, nil, d.info, len(d.dst))
		if err != nil {
			return nil, fmt.Errorf("secret: derive key: %w", err)
		}
		copy(d.dst, b)
	}
	block, err := aes.NewCipher(k.dataKey[:])
	if err != nil {
		return nil, fmt.Errorf("secret: aes: %w", err)
	}
	if k.aead, err = cipher.NewGCM(block); err != nil {
		return nil, fmt.Errorf("secret: gcm: %w", err)
	}
	return k, nil
}

const redactedKeys = "secret.Keys{redacted}"

// String keeps key material out of logs and error messages even when a
// Keys value is printed by accident.
func (Keys) String() string { return redactedKeys }

// Format redacts every fmt verb, not only %v and %s: without it %d or %#v
// would print the raw key bytes field by field.
func (Keys) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redactedKeys) }
