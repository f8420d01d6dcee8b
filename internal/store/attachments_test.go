package store_test

import (
	"bytes"
	"github.com/shequ-dev/shequ/internal/cases"
	"image"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
	"github.com/shequ-dev/shequ/internal/media"
	"github.com/shequ-dev/shequ/internal/media/mediatest"
	"github.com/shequ-dev/shequ/internal/store"
)

func anonymous(ip string) *account.Principal {
	return &account.Principal{Username: "anonymous", IP: ip}
}

// otherResident is a second resident account (tree.principal names accounts by role and
// node, which residents share).
func otherResident(t *testing.T, tr *tree) *account.Principal {
	t.Helper()
	u, err := tr.db.CreateUser(ctx, sys, account.UserInput{Username: "other.resident", DisplayName: "另一位居民", Role: account.Resident,
		Password: "Passw0rd!", Phone: phoneFor(0)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := tr.db.PrincipalFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSaveAttachmentCleans(t *testing.T) {
	tr := newTree(t)
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	photo := mediatest.PhoneJPEG(t, 640, 480, 6)
	a, claim, err := tr.db.SaveAttachment(ctx, worker, "IMG_0001.JPG", photo)
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == 0 || claim == "" || a.Mime != media.JPEG || a.Width != 480 || a.Height != 640 || a.UploadedBy != worker.UserID || a.CaseID != 0 {
		t.Fatalf("attachment %+v claim %q", a, claim)
	}
	mime, data, err := tr.db.AttachmentFor(ctx, worker, a.ID, false, "")
	if err != nil || mime != media.JPEG {
		t.Fatalf("read back: %q %v", mime, err)
	}
	if mediatest.HasLocation(data) || bytes.Contains(data, []byte("Huawei")) {
		t.Error("location or camera data stored")
	}
	if int64(len(data)) != a.Size {
		t.Errorf("size %d, stored %d bytes", a.Size, len(data))
	}
	mime, th, err := tr.db.AttachmentFor(ctx, worker, a.ID, true, "")
	if err != nil || mime != media.JPEG {
		t.Fatalf("thumbnail: %q %v", mime, err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(th))
	if err != nil || cfg.Width != 240 || cfg.Height != 320 {
		t.Errorf("thumbnail %d×%d (%v), want upright 240×320", cfg.Width, cfg.Height, err)
	}
	// The audit log records the upload without its content.
	entries, err := tr.db.AuditEntries(ctx, sys, audit.Filter{Action: "attachment.upload"})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit: %v %v", entries, err)
	}
	if d := entries[0].Detail; bytes.Contains([]byte(d), []byte("IMG_0001")) || len(d) > 400 {
		t.Errorf("audit detail %q", d)
	}
}

func TestSaveAttachmentRefuses(t *testing.T) {
	tr := newTree(t)
	cases := []struct {
		name string
		data []byte
		want errs.FieldError
	}{
		{"text", []byte("not a photo"), errstest.FE("file", "err.photo_type")},
		{"html", []byte("<html><body>hi</body></html>"), errstest.FE("file", "err.photo_type")},
		{"empty", nil, errstest.FE("file", "err.upload_empty")},
		{"too big", append(mediatest.EncodeJPEG(t, mediatest.Picture(8, 8)), make([]byte, media.MaxPhotoBytes)...),
			errstest.FE("file", "err.photo_too_large", 10)},
		{"truncated", mediatest.EncodeJPEG(t, mediatest.Picture(64, 64))[:400], errstest.FE("file", "err.photo_damaged")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := tr.db.SaveAttachment(ctx, anonymous("10.0.0.1"), "x.jpg", c.data)
			errstest.CheckFields(t, err, []errs.FieldError{c.want})
		})
	}
	if _, _, err := tr.db.SaveAttachment(ctx, nil, "x.jpg", mediatest.PhoneJPEG(t, 8, 8, 1)); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("nil caller: %v", err)
	}
}

func TestAttachmentAccess(t *testing.T) {
	tr := newTree(t)
	unitA, err := tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.streetA.ID, Kind: admin.Department, Name: "城管中队", Phone: "0512-65220000"})
	if err != nil {
		t.Fatal(err)
	}
	unitB, err := tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.streetB.ID, Kind: admin.Department, Name: "城管中队", Phone: "0512-65220001"})
	if err != nil {
		t.Fatal(err)
	}
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	handlerA := tr.principal(t, account.Handler, 0, unitA.ID)
	handlerB := tr.principal(t, account.Handler, 0, unitB.ID)
	resident := tr.principal(t, account.Resident, 0, 0)
	other := otherResident(t, tr)
	anon, stranger := anonymous("10.0.0.1"), anonymous("10.0.0.2")

	mine, claim, err := tr.db.SaveAttachment(ctx, anon, "a.jpg", mediatest.PhoneJPEG(t, 32, 32, 1))
	if err != nil {
		t.Fatal(err)
	}
	_, otherClaim, err := tr.db.SaveAttachment(ctx, stranger, "b.jpg", mediatest.PhoneJPEG(t, 32, 32, 1))
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := tr.db.SaveAttachment(ctx, resident, "c.png", mediatest.PhonePNG(t, 32, 32, 1))
	if err != nil {
		t.Fatal(err)
	}
	// Case c77 is dispatched to unit A; case c78 is not dispatched.
	newCase := func(unit int64) int64 {
		in, err := tr.db.Report(ctx, sys, cases.Report{Source: cases.FromResident, CategoryID: testCategory(t, tr.db),
			Description: "照片测试", Address: "平江路", NodeID: tr.gridA.ID, NodePath: tr.gridA.Path, Located: true})
		if err != nil {
			t.Fatal(err)
		}
		c := in.Case
		if unit != 0 {
			for _, s := range []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: unit}} {
				s.Version = c.Version
				if c, err = tr.db.Act(ctx, sys, c.ID, s, nil); err != nil {
					t.Fatal(err)
				}
			}
		}
		return c.ID
	}
	c77, c78 := newCase(unitA.ID), newCase(0)
	type call struct {
		who   string
		p     *account.Principal
		id    int64
		claim string
		ok    bool
	}
	check := func(stage string, calls []call) {
		t.Helper()
		for _, c := range calls {
			_, _, err := tr.db.AttachmentFor(ctx, c.p, c.id, true, c.claim)
			if c.ok && err != nil {
				t.Errorf("%s: %s: %v", stage, c.who, err)
			}
			if !c.ok && !errs.Is(err, errs.NotFound) {
				t.Errorf("%s: %s: got %v, want not found", stage, c.who, err)
			}
		}
	}
	check("before linking", []call{
		{"anonymous uploader with the claim", anon, mine.ID, claim, true},
		{"anonymous without the claim", stranger, mine.ID, "", false},
		{"anonymous with another upload's claim", stranger, mine.ID, otherClaim, false},
		{"nobody at all with a wrong claim", nil, mine.ID, "clm_guess", false},
		{"staff in no case yet", staffA, mine.ID, "", false},
		{"resident uploader", resident, res.ID, "", true},
		{"another resident", other, res.ID, "", false},
		{"staff of the area before linking", staffA, res.ID, "", false},
		{"unknown id", anon, 999999, claim, false},
	})

	// Linking: the caller's own uploads only, unlinked, at most nine.
	link := func(p *account.Principal, caseID int64, ids []int64, claims []string) error {
		return tr.db.LinkAttachmentsForTest(ctx, p, caseID, 0, tr.gridA.Path, ids, claims)
	}
	photos := func(key string, args ...any) []errs.FieldError {
		return []errs.FieldError{errstest.FE("photos", key, args...)}
	}
	errstest.CheckFields(t, link(stranger, c77, []int64{mine.ID}, []string{otherClaim}), photos("err.photos_unknown"))
	errstest.CheckFields(t, link(stranger, c77, []int64{mine.ID}, nil), photos("err.photos_unknown"))
	errstest.CheckFields(t, link(other, c77, []int64{res.ID}, nil), photos("err.photos_unknown"))
	errstest.CheckFields(t, link(anon, c77, []int64{999999}, []string{claim}), photos("err.photos_unknown"))
	errstest.CheckFields(t, link(anon, c77, []int64{mine.ID, mine.ID}, []string{claim, claim}), photos("err.photos_unknown"))
	errstest.CheckFields(t, link(anon, c77, make([]int64, 10), nil), photos("err.photos_too_many", 9))
	errstest.CheckFields(t, link(anon, c77, []int64{mine.ID}, []string{claim}), nil)
	errstest.CheckFields(t, link(resident, c77, []int64{res.ID}, nil), nil)
	unassigned, _, err := tr.db.SaveAttachment(ctx, worker, "d.jpg", mediatest.PhoneJPEG(t, 16, 16, 1))
	if err != nil {
		t.Fatal(err)
	}
	errstest.CheckFields(t, link(worker, c78, []int64{unassigned.ID}, nil), nil)
	errstest.CheckFields(t, link(anon, c78, []int64{mine.ID}, []string{claim}), photos("err.photos_unknown")) // already linked

	check("after linking", []call{
		{"anonymous uploader: the claim no longer opens it", anon, mine.ID, claim, false},
		{"staff of the street", staffA, mine.ID, "", true},
		{"grid worker of the grid", worker, mine.ID, "", true},
		{"staff of the other street", staffB, mine.ID, "", false},
		{"handler of the assigned unit", handlerA, mine.ID, "", true},
		{"handler of another unit", handlerB, mine.ID, "", false},
		{"handler of the area on a case not assigned to them", handlerA, unassigned.ID, "", false},
		{"grid worker uploader of a case photo", worker, unassigned.ID, "", true},
		{"resident uploader", resident, res.ID, "", true},
		{"another resident", other, res.ID, "", false},
	})
	got, err := tr.db.Attachment(ctx, staffA, mine.ID, "")
	if err != nil || got.CaseID != c77 || got.NodePath != tr.gridA.Path || got.EventID != 0 {
		t.Errorf("linked attachment %+v %v", got, err)
	}
}

func TestPurgeUnlinkedAttachments(t *testing.T) {
	tr := newTree(t)
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	save := func() store.Attachment {
		a, _, err := tr.db.SaveAttachment(ctx, worker, "a.jpg", mediatest.PhoneJPEG(t, 16, 16, 1))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	old, kept := save(), save()
	if err := tr.db.LinkAttachmentsForTest(ctx, worker, 5, 9, tr.gridA.Path, []int64{kept.ID}, nil); err != nil {
		t.Fatal(err)
	}
	tr.db.Clock.Advance(store.UnlinkedAttachmentTTL + time.Minute)
	fresh := save()
	n, err := tr.db.PurgeUnlinkedAttachments(ctx, sys)
	if err != nil || n != 1 {
		t.Fatalf("purged %d, %v; want 1", n, err)
	}
	if _, _, err := tr.db.AttachmentFor(ctx, worker, old.ID, true, ""); !errs.Is(err, errs.NotFound) {
		t.Errorf("old unlinked upload still there: %v", err)
	}
	for _, a := range []store.Attachment{kept, fresh} {
		if _, _, err := tr.db.AttachmentFor(ctx, worker, a.ID, true, ""); err != nil {
			t.Errorf("attachment %d removed: %v", a.ID, err)
		}
	}
	if n, err := tr.db.PurgeUnlinkedAttachments(ctx, sys); err != nil || n != 0 {
		t.Errorf("second purge: %d %v", n, err)
	}
}
