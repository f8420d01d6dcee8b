package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
)

// Lookup returns a keyed hash, as lowercase hex, that lets an encrypted
// field be found by exact value without decrypting every row:
// hex(HMAC-SHA256(lookupKey, kind + "\x00" + normalized)).
//
// kind separates namespaces ("phone", "idnumber") so equal strings of
// different kinds do not share a hash; the NUL byte keeps kind and value from
// running together, so kind must be a fixed name without NUL. The caller must normalise the value first (for example
// upper-case the X of an ID number), since only byte-identical input matches.
// A plain hash would not do: the space of phone numbers is small enough to
// enumerate, so the hash needs a key that lives outside the database.
//
// An empty value gives the empty string, matching Seal, so a missing value
// never collides with other missing values in a unique index.
func (k *Keys) Lookup(kind, normalized string) string {
	if normalized == "" {
		return ""
	}
	m := hmac.New(sha256.New, k.lookupKey[:])
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write([]byte(normalized))
	return hex.EncodeToString(m.Sum(nil))
}
