package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
)

// tokenBytes is 256 bits of entropy: far beyond guessing, and the same size
// as the SHA-256 digest the token is stored as.
const tokenBytes = 32

// NewToken returns prefix followed by 32 random bytes in unpadded base64url,
// e.g. NewToken("shq_"). A recognisable prefix lets secret scanners and
// people spot a leaked token. Give the token to its holder once and keep
// only HashToken(token).
func NewToken(prefix string) string {
	var b [tokenBytes]byte
	_, _ = rand.Read(b[:])
	return prefix + b64.EncodeToString(b[:])
}

// HashToken returns the lowercase hex SHA-256 of token, the form in which
// session ids and API tokens are stored. A fast unkeyed hash is enough here,
// unlike for passwords, because the token is random with 256 bits of
// entropy: a stolen database gives nothing to brute-force.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// RandomDigits returns n random decimal digits, for one-time codes such as
// SMS verification. It returns "" when n <= 0.
func RandomDigits(n int) string {
	if n <= 0 {
		return ""
	}
	out := make([]byte, 0, n)
	var buf [32]byte
	for len(out) < n {
		_, _ = rand.Read(buf[:])
		for _, b := range buf {
			// 250 is the largest multiple of 10 within a byte; bytes
			// above it are dropped so that b%10 is uniform, since
			// keeping them would favour 0-5.
			if b >= 250 {
				continue
			}
			out = append(out, '0'+b%10)
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
