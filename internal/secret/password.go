package secret

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// argonParams are the argon2id cost settings recorded in every hash.
type argonParams struct {
	memory  uint32 // KiB
	time    uint32 // passes
	threads uint8
	saltLen int // bytes
	keyLen  int // bytes
}

// defaultParams is the one place the password cost is set. The values are
// the OWASP minimum for argon2id (19 MiB, 2 passes, 1 lane). Raising them
// later is safe: old hashes still verify because each one carries its own
// parameters, and NeedsRehash flags them for upgrade at the next login.
var defaultParams = argonParams{memory: 19456, time: 2, threads: 1, saltLen: 16, keyLen: 32}

// Limits on parameters read back from a stored hash. They keep a corrupted
// or hostile row from making one login allocate gigabytes or spin for
// minutes, while leaving ample room to raise the defaults.
const (
	maxMemoryKiB = 1 << 20 // 1 GiB
	maxTime      = 64
	minSaltLen   = 8 // the argon2 specification's minimum
	minKeyLen    = 16
	maxKeyLen    = 64
)

// ErrBadHash reports a stored password hash that is not an argon2id PHC
// string this package can verify.
var ErrBadHash = errors.New("secret: malformed argon2id password hash")

var phcB64 = base64.RawStdEncoding.Strict()

// HashPassword hashes pw with argon2id under a random salt and returns a
// PHC string: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(pw string) (string, error) {
	return hashPassword(pw, defaultParams)
}

func hashPassword(pw string, p argonParams) (string, error) {
	salt := make([]byte, p.saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("secret: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(p.keyLen))
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.memory, p.time, p.threads,
		phcB64.EncodeToString(salt), phcB64.EncodeToString(key)), nil
}

// VerifyPassword reports whether pw matches the PHC string phc, using the
// parameters stored in phc. A wrong password gives (false, nil); a hash
// that cannot be parsed gives (false, ErrBadHash wrapped with a reason).
// The final comparison takes constant time.
func VerifyPassword(pw, phc string) (ok bool, err error) {
	p, salt, want, err := parsePHC(phc)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, p.time, p.memory, p.threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NeedsRehash reports whether phc should be replaced by a fresh hash of the
// same password, because it cannot be parsed or was made with parameters
// other than the current ones. Call it after a successful VerifyPassword,
// while the plaintext is at hand.
func NeedsRehash(phc string) bool {
	p, _, _, err := parsePHC(phc)
	return err != nil || p != defaultParams
}

// DummyHash returns a valid hash of a random, never-disclosed password made
// with the current parameters. When a login names a user that does not
// exist, verify the given password against DummyHash so the response takes
// as long as for a real user and does not reveal which accounts exist. It
// is computed on first use, so programs that never log anyone in do not pay
// for it.
func DummyHash() string { return dummyHash() }

var dummyHash = sync.OnceValue(func() string {
	// HashPassword fails only if the system has no randomness, in which
	// case crypto/rand has already aborted the program.
	h, _ := HashPassword(rand.Text())
	return h
})

// parsePHC splits a PHC string into its parameters, salt and hash, checking
// each part strictly so that odd input is rejected, not half-understood.
func parsePHC(phc string) (p argonParams, salt, key []byte, err error) {
	fail := func(why string) (argonParams, []byte, []byte, error) {
		return argonParams{}, nil, nil, fmt.Errorf("%w: %s", ErrBadHash, why)
	}
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" {
		return fail("want 5 $-separated fields")
	}
	if parts[1] != "argon2id" {
		return fail("algorithm is not argon2id")
	}
	var v int
	if n, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || n != 1 || fmt.Sprintf("v=%d", v) != parts[2] {
		return fail("bad version field")
	}
	if v != argon2.Version {
		return fail(fmt.Sprintf("unsupported version %d", v))
	}
	var threads uint32
	n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memory, &p.time, &threads)
	if err != nil || n != 3 || fmt.Sprintf("m=%d,t=%d,p=%d", p.memory, p.time, threads) != parts[3] {
		return fail("bad parameter field")
	}
	switch {
	case p.time < 1 || p.time > maxTime:
		return fail("time cost out of range")
	case threads < 1 || threads > 255:
		return fail("parallelism out of range")
	case p.memory < 8*threads || p.memory > maxMemoryKiB:
		return fail("memory cost out of range")
	}
	p.threads = uint8(threads)
	if salt, err = phcB64.DecodeString(parts[4]); err != nil || len(salt) < minSaltLen {
		return fail("bad salt")
	}
	if key, err = phcB64.DecodeString(parts[5]); err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return fail("bad hash")
	}
	p.saltLen, p.keyLen = len(salt), len(key)
	return p, salt, key, nil
}
