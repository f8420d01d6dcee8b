package audit

import (
	"testing"
	"time"
)

func chain(n int) []*Entry {
	prev := Genesis
	var es []*Entry
	for i := 1; i <= n; i++ {
		e := &Entry{Seq: int64(i), At: time.UnixMilli(int64(i) * 1000), Actor: "admin", Action: "node.create",
			Entity: "node", EntityID: "7", Detail: `{"name":"姑苏区"}`, PrevHash: prev}
		e.Hash = ComputeHash(e)
		prev = e.Hash
		es = append(es, e)
	}
	return es
}

func TestVerify(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(es []*Entry) []*Entry
		wantSeq int64 // 0: intact
	}{
		{"intact", func(es []*Entry) []*Entry { return es }, 0},
		{"edited detail", func(es []*Entry) []*Entry { es[2].Detail = `{"name":"x"}`; return es }, 3},
		{"edited actor and rehashed", func(es []*Entry) []*Entry {
			es[1].Actor = "mallory"
			es[1].Hash = ComputeHash(es[1])
			return es
		}, 3},
		{"deleted middle", func(es []*Entry) []*Entry { return append(es[:2], es[3:]...) }, 4},
		{"reordered", func(es []*Entry) []*Entry { es[0], es[1] = es[1], es[0]; return es }, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			es := tt.tamper(chain(5))
			v := NewVerifier()
			var got int64
			for _, e := range es {
				if p := v.Check(e); p != nil {
					got = p.Seq
					break
				}
			}
			if got != tt.wantSeq {
				t.Fatalf("problem at %d, want %d", got, tt.wantSeq)
			}
		})
	}
}

func TestCheckHeadCatchesTruncation(t *testing.T) {
	es := chain(4)
	v := NewVerifier()
	for _, e := range es[:3] {
		if p := v.Check(e); p != nil {
			t.Fatal(p)
		}
	}
	if v.CheckHead(4, es[3].Hash) == nil {
		t.Fatal("truncated chain passed")
	}
	if p := v.CheckHead(3, es[2].Hash); p != nil {
		t.Fatal(p)
	}
}
