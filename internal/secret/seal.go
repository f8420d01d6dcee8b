package secret

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
)

// sealPrefix marks the format of a sealed field. A new scheme (another
// cipher, or a rotated key) gets a new prefix, so old and new ciphertexts can
// live side by side during a migration.
const sealPrefix = "v1:"

const (
	nonceSize = 12 // standard GCM nonce
	tagSize   = 16 // standard GCM tag
)

var (
	// ErrMalformed reports sealed text that is not in a known format.
	ErrMalformed = errors.New("secret: malformed sealed value")
	// ErrDecrypt reports sealed text that fails authentication: it was
	// altered, sealed for a different context, or sealed under another key.
	ErrDecrypt = errors.New("secret: sealed value does not authenticate (tampered, wrong context or wrong key)")
	// ErrNoContext reports a Seal or Open call without a context.
	ErrNoContext = errors.New("secret: context must not be empty")
)

// b64 is strict so that each sealed value has exactly one text form.
var b64 = base64.RawURLEncoding.Strict()

// Seal encrypts plaintext with AES-256-GCM under a random nonce and returns
// text of the form "v1:" + base64url(nonce | ciphertext | tag).
//
// context names where the value lives, for example "users.phone". It is
// authenticated but not stored, so a value copied into another column fails
// to open there. An empty plaintext seals to the empty string, so optional
// fields stay empty instead of holding a ciphertext of nothing.
func (k *Keys) Seal(plaintext, context string) (string, error) {
	if context == "" {
		return "", ErrNoContext
	}
	if plaintext == "" {
		return "", nil
	}
	buf := make([]byte, nonceSize, nonceSize+len(plaintext)+tagSize)
	// Random nonces are safe for up to about 2^32 values per key, far
	// beyond the size of a community register.
	_, _ = rand.Read(buf)
	buf = k.aead.Seal(buf, buf[:nonceSize], []byte(plaintext), []byte(context))
	return sealPrefix + b64.EncodeToString(buf), nil
}

// Open reverses Seal. It returns ErrDecrypt when the value was tampered
// with, sealed for another context or under another key, and ErrMalformed
// when it is not sealed text at all. The empty string opens to the empty
// string.
func (k *Keys) Open(sealed, context string) (string, error) {
	if context == "" {
		return "", ErrNoContext
	}
	if sealed == "" {
		return "", nil
	}
	body, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return "", ErrMalformed
	}
	raw, err := b64.DecodeString(body)
	if err != nil || len(raw) < nonceSize+tagSize {
		return "", ErrMalformed
	}
	pt, err := k.aead.Open(nil, raw[:nonceSize], raw[nonceSize:], []byte(context))
	if err != nil {
		return "", ErrDecrypt
	}
	return string(pt), nil
}
