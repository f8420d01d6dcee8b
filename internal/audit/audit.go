// Package audit is the append-only, hash-chained record of every write and of every read
// of personal data. Each entry carries the hash of the one before it, so editing or
// deleting any entry breaks the chain at that point, and Verify says where.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Entry is one audit record.
type Entry struct {
	Seq      int64
	At       time.Time
	ActorID  int64  // 0 for system jobs and anonymous callers
	Actor    string // the caller's label at the time
	Role     string
	IP       string
	Action   string // e.g. "node.create", "user.unmask", "session.login"
	Entity   string // e.g. "node", "user"
	EntityID string
	NodePath string // where in the tree it happened, so the log can be searched by scope
	Purpose  string // why personal data was read
	Detail   string // JSON with the changed fields (never secrets, never plaintext personal data)
	PrevHash string
	Hash     string
}

// Genesis is the "previous hash" of the first entry.
const Genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// ComputeHash returns the entry's hash over every field but Hash itself. The encoding
// length-prefixes each field so no two different entries can share an input.
func ComputeHash(e *Entry) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Itoa(len(s)))
		b.WriteByte(':')
		b.WriteString(s)
		b.WriteByte(';')
	}
	field(strconv.FormatInt(e.Seq, 10))
	field(strconv.FormatInt(e.At.UnixMilli(), 10))
	field(strconv.FormatInt(e.ActorID, 10))
	field(e.Actor)
	field(e.Role)
	field(e.IP)
	field(e.Action)
	field(e.Entity)
	field(e.EntityID)
	field(e.NodePath)
	field(e.Purpose)
	field(e.Detail)
	field(e.PrevHash)
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// Problem describes where the chain is broken.
type Problem struct {
	Seq    int64
	Reason string // "hash mismatch", "broken link", "gap in sequence"
}

// Verifier checks entries fed to it in sequence order, remembering the previous one, so a
// chain of millions of entries can be streamed from the database.
type Verifier struct {
	prevSeq  int64
	prevHash string
	Count    int64
}

// NewVerifier starts a check at the beginning of the chain.
func NewVerifier() *Verifier { return &Verifier{prevHash: Genesis} }

// Check verifies the next entry and returns the first problem it finds, if any.
func (v *Verifier) Check(e *Entry) *Problem {
	v.Count++
	switch {
	case e.Seq != v.prevSeq+1:
		return &Problem{Seq: e.Seq, Reason: "gap in sequence (expected " + strconv.FormatInt(v.prevSeq+1, 10) + ")"}
	case e.PrevHash != v.prevHash:
		return &Problem{Seq: e.Seq, Reason: "broken link: previous hash does not match entry " + strconv.FormatInt(v.prevSeq, 10)}
	case ComputeHash(e) != e.Hash:
		return &Problem{Seq: e.Seq, Reason: "hash mismatch: the entry was changed after it was written"}
	}
	v.prevSeq, v.prevHash = e.Seq, e.Hash
	return nil
}

// CheckHead compares the end of the chain with the head the database recorded, which
// catches entries deleted from the end.
func (v *Verifier) CheckHead(headSeq int64, headHash string) *Problem {
	if headSeq != v.prevSeq || (headSeq > 0 && headHash != v.prevHash) {
		return &Problem{Seq: headSeq, Reason: "the chain ends at entry " + strconv.FormatInt(v.prevSeq, 10) + " but the head records entry " + strconv.FormatInt(headSeq, 10)}
	}
	return nil
}

// Filter selects entries in the audit search.
type Filter struct {
	Actor     string
	Action    string // prefix match: "node." lists every node action
	Entity    string
	EntityID  string
	From, To  time.Time // zero means open
	BeforeSeq int64     // keyset pagination: entries with a smaller seq
	Limit     int
}
