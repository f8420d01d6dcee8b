package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/media/mediatest"
)

// TestCasePhotos: the photos of a case come with the step that took them, oldest first;
// another case's photos and unlinked uploads are not among them.
func TestCasePhotos(t *testing.T) {
	tr := newTree(t)
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	upload := func(w, h int) (int64, string) {
		a, claim, err := tr.db.SaveAttachment(ctx, worker, "IMG.jpg", mediatest.PhoneJPEG(t, w, h, 1))
		if err != nil {
			t.Fatal(err)
		}
		return a.ID, claim
	}
	report := func(photos ...cases.PhotoRef) *cases.Case {
		in, err := tr.db.Report(ctx, worker, cases.Report{Source: cases.FromPatrol, CategoryID: testCategory(t, tr.db),
			Description: "照片测试", Address: "平江路", NodeID: tr.gridA.ID, NodePath: tr.gridA.Path, Located: true, Photos: photos})
		if err != nil {
			t.Fatal(err)
		}
		return in.Case
	}
	first, c1 := upload(40, 30)
	second, c2 := upload(30, 40)
	other, c3 := upload(16, 16)
	upload(16, 16) // never linked
	c := report(cases.PhotoRef{ID: first, Claim: c1}, cases.PhotoRef{ID: second, Claim: c2})
	report(cases.PhotoRef{ID: other, Claim: c3})
	empty := report()

	tests := []struct {
		name string
		c    *cases.Case
		want []int64
	}{
		{"with two photos", c, []int64{first, second}},
		{"with none", empty, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tr.db.CasePhotos(ctx, worker, tt.c)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %+v, want ids %v", got, tt.want)
			}
			for i, ph := range got {
				if ph.ID != tt.want[i] || ph.EventID == 0 || ph.Width == 0 {
					t.Errorf("photo %d: %+v, want id %d with its event and size", i, ph, tt.want[i])
				}
			}
		})
	}
}
