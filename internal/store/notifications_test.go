package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/notify"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// notifyFixture is a tree with a unit of three handlers (one disabled) and a resident.
type notifyFixture struct {
	*tree
	unit                *admin.Unit
	h1, h2, off         *account.Principal
	resident, resident2 *account.Principal
}

func newNotifyFixture(t *testing.T) *notifyFixture {
	tr := newTree(t)
	f := &notifyFixture{tree: tr}
	var err error
	f.unit, err = tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.streetA.ID, Kind: admin.Department, Name: "平江街道城管中队"})
	if err != nil {
		t.Fatal(err)
	}
	user := func(name string, role account.Role, unitID int64) *account.Principal {
		u, err := tr.db.CreateUser(ctx, sys, account.UserInput{Username: name, DisplayName: "测试" + name, Role: role,
			UnitID: unitID, Password: "Passw0rd!", Phone: phoneFor(0)})
		if err != nil {
			t.Fatalf("user %s: %v", name, err)
		}
		p, err := tr.db.PrincipalFor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.h1, f.h2, f.off = user("handler1", account.Handler, f.unit.ID), user("handler2", account.Handler, f.unit.ID), user("handler3", account.Handler, f.unit.ID)
	if err := tr.db.SetUserDisabled(ctx, sys, f.off.UserID, true); err != nil {
		t.Fatal(err)
	}
	f.resident, f.resident2 = user("", account.Resident, 0), user("", account.Resident, 0)
	return f
}

func closedMsg(ticket string) notify.Message {
	return notify.Message{Template: notify.CaseClosed, Params: map[string]string{"ticket": ticket}, Link: "/cases/7/rate", CaseID: 7}
}

func mustNotify(t *testing.T, db *storetest.DB, m notify.Message, rs ...notify.Recipient) {
	t.Helper()
	if err := db.Notify(ctx, sys, m, rs...); err != nil {
		t.Fatal(err)
	}
}

func count(t *testing.T, db *storetest.DB, p *account.Principal) (listed, unread int) {
	t.Helper()
	ns, err := db.Notifications(ctx, p, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := db.UnreadCount(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	return len(ns), n
}

func TestNotifyInAppForUserAndUnit(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	mustNotify(t, db, closedMsg("T1"), notify.Recipient{UserID: f.resident.UserID})
	dispatched := notify.Message{Template: notify.CaseDispatched, CaseID: 7, Link: "/cases/7",
		Params: map[string]string{"ticket": "T1", "category": "暴露垃圾", "unit": f.unit.Name}}
	// The unit and one of its accounts by name: that account is told once.
	mustNotify(t, db, dispatched, notify.Recipient{UnitID: f.unit.ID, UserID: f.h1.UserID})
	for _, c := range []struct {
		name string
		p    *account.Principal
		want int
	}{{"resident", f.resident, 1}, {"other resident", f.resident2, 0}, {"handler named too", f.h1, 1},
		{"other handler", f.h2, 1}, {"disabled handler", f.off, 0}} {
		t.Run(c.name, func(t *testing.T) {
			listed, unread := count(t, db, c.p)
			if listed != c.want || unread != c.want {
				t.Errorf("listed %d, unread %d, want %d", listed, unread, c.want)
			}
		})
	}
	ns, _ := db.Notifications(ctx, f.h2, 0, 0)
	n := ns[0]
	if n.Template != notify.CaseDispatched || n.CaseID != 7 || n.Link != "/cases/7" || n.Read != nil || !n.Created.Equal(storetest.Start) {
		t.Errorf("stored %+v", n)
	}
	if got := n.Body(i18n.ZH); got != "案件 T1（暴露垃圾）已派遣至平江街道城管中队，请及时签收并处置。" {
		t.Errorf("body = %q", got)
	}
	if out, _ := db.OutboxForTest(ctx); len(out) != 0 {
		t.Errorf("no phone, yet %d outbox rows", len(out))
	}
}

func TestNotifyRefusals(t *testing.T) {
	f := newNotifyFixture(t)
	if err := f.db.Notify(ctx, f.resident, closedMsg("T1"), notify.Recipient{UserID: f.resident.UserID}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a person calling Notify: %v, want forbidden", err)
	}
	bad := notify.Message{Template: notify.CaseRejected, Params: map[string]string{"ticket": "T1"}}
	if err := f.db.Notify(ctx, sys, bad, notify.Recipient{UserID: f.resident.UserID}); !errs.Is(err, errs.Internal) {
		t.Errorf("message without its reason: %v, want internal", err)
	}
	if err := f.db.Notify(ctx, sys, closedMsg("T1"), notify.Recipient{}); err != nil {
		t.Errorf("fully anonymous reporter: %v", err)
	}
	if listed, _ := count(t, f.db, f.resident); listed != 0 {
		t.Errorf("refused messages stored %d rows", listed)
	}
}

func TestOutboxIsSealed(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	mustNotify(t, db, closedMsg("T1"),
		notify.Recipient{Phone: "+86 139-1234-5678", OpenID: "oWx_Reporter42", Lang: i18n.EN},
		notify.Recipient{Phone: "0512-65221234"}) // a landline takes no text message
	rows, err := db.OutboxForTest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Channel != "sms" || rows[1].Channel != "wechat" {
		t.Fatalf("outbox %+v, want one sms and one wechat row", rows)
	}
	for i, want := range []string{"13912345678", "oWx_Reporter42"} {
		r := rows[i]
		dump := fmt.Sprintf("%+v", r)
		for _, plain := range []string{"13912345678", "1234", "5678", "oWx_Reporter42", "Reporter"} {
			if strings.Contains(dump, plain) {
				t.Errorf("outbox row shows %q: %s", plain, dump)
			}
		}
		if got, err := db.OpenOutboxRecipient(r.RecipientEnc); err != nil || got != want {
			t.Errorf("recipient opens to %q, %v; want %q", got, err, want)
		}
		if r.Lang != "en" || r.Template != notify.CaseClosed || r.Params != `{"ticket":"T1"}` || r.Attempts != 0 || r.NextAt == nil || r.SentAt != nil {
			t.Errorf("row %+v", r)
		}
	}
}

// wechatRecorder records template messages; it fails while fail > 0.
type wechatRecorder struct {
	mu   sync.Mutex
	sent []notify.WeChatMessage
}

func (w *wechatRecorder) SendTemplate(_ context.Context, m notify.WeChatMessage) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.sent = append(w.sent, m)
	return nil
}

func TestDeliverOutbox(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	mustNotify(t, db, closedMsg("T1"), notify.Recipient{Phone: "13912345678", OpenID: "oWx1"}, notify.Recipient{Phone: "13900000009", Lang: i18n.EN})
	rec, wx := &sms.Recorder{}, &wechatRecorder{}
	// Without a WeChat sender its rows wait.
	if n, err := db.DeliverOutbox(ctx, rec, nil, 10); err != nil || n != 2 {
		t.Fatalf("sms only: sent %d, %v", n, err)
	}
	if n, err := db.DeliverOutbox(ctx, rec, wx, 10); err != nil || n != 1 {
		t.Fatalf("then wechat: sent %d, %v", n, err)
	}
	if n, err := db.DeliverOutbox(ctx, rec, wx, 10); err != nil || n != 0 {
		t.Fatalf("again: sent %d, %v; each row goes once", n, err)
	}
	got := rec.Sent()
	want := []sms.Message{{Phone: "13912345678", Text: notify.Text(i18n.ZH, closedMsg("T1"))},
		{Phone: "13900000009", Text: notify.Text(i18n.EN, closedMsg("T1"))}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sent %v, want %v", got, want)
	}
	if len(wx.sent) != 1 || wx.sent[0].OpenID != "oWx1" || wx.sent[0].TemplateID != notify.CaseClosed ||
		wx.sent[0].Data["ticket"] != "T1" || wx.sent[0].Data["title"] != "已结案，请评价" || wx.sent[0].Link != "/cases/7/rate" {
		t.Errorf("wechat %+v", wx.sent)
	}
	rows, _ := db.OutboxForTest(ctx)
	for _, r := range rows {
		if r.SentAt == nil || *r.SentAt != storetest.Start.UnixMilli() || r.NextAt != nil || r.Attempts != 1 {
			t.Errorf("after delivery %+v", r)
		}
	}
}

// flakySMS fails its first fail sends with an error that echoes the number.
type flakySMS struct {
	fail  int
	calls int
	sms.Recorder
}

func (s *flakySMS) Send(ctx context.Context, phone, text string) error {
	s.calls++
	if s.calls <= s.fail {
		return errors.New("gateway refused " + phone + ": busy")
	}
	return s.Recorder.Send(ctx, phone, text)
}

func TestDeliverOutboxRetriesWithBackoff(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	mustNotify(t, db, closedMsg("T1"), notify.Recipient{Phone: "13912345678"})
	s := &flakySMS{fail: 3}
	row := func() store.OutboxRow {
		rows, err := db.OutboxForTest(ctx)
		if err != nil || len(rows) != 1 {
			t.Fatalf("outbox %v %v", rows, err)
		}
		return rows[0]
	}
	wait := store.OutboxFirstRetry
	for try := 1; try <= 3; try++ {
		if n, err := db.DeliverOutbox(ctx, s, nil, 10); err != nil || n != 0 {
			t.Fatalf("try %d: sent %d, %v", try, n, err)
		}
		r := row()
		if r.Attempts != try || r.NextAt == nil || *r.NextAt != db.Clock.Now().Add(wait).UnixMilli() {
			t.Fatalf("try %d: attempts %d, next %v; want next in %v", try, r.Attempts, r.NextAt, wait)
		}
		if strings.Contains(r.Error, "13912345678") || !strings.Contains(r.Error, "139****5678: busy") {
			t.Errorf("last_error %q: the number must be masked", r.Error)
		}
		// Not due yet: nothing is tried.
		db.Clock.Advance(wait - time.Millisecond)
		if n, _ := db.DeliverOutbox(ctx, s, nil, 10); n != 0 || s.calls != try {
			t.Fatalf("try %d: retried before its time (calls %d)", try, s.calls)
		}
		db.Clock.Advance(time.Millisecond)
		wait *= 2
	}
	if n, err := db.DeliverOutbox(ctx, s, nil, 10); err != nil || n != 1 || len(s.Sent()) != 1 {
		t.Fatalf("fourth try: sent %d, %v", n, err)
	}
	if r := row(); r.SentAt == nil || r.NextAt != nil || r.Error != "" || r.Attempts != 4 {
		t.Errorf("after success %+v", r)
	}
}

func TestDeliverOutboxGivesUp(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	mustNotify(t, db, closedMsg("T1"), notify.Recipient{Phone: "13912345678"})
	s := &flakySMS{fail: 1000}
	for i := 0; i < store.OutboxMaxAttempts+3; i++ {
		if _, err := db.DeliverOutbox(ctx, s, nil, 10); err != nil {
			t.Fatal(err)
		}
		db.Clock.Advance(2 * time.Hour)
	}
	rows, _ := db.OutboxForTest(ctx)
	if s.calls != store.OutboxMaxAttempts || rows[0].NextAt != nil || rows[0].SentAt != nil || rows[0].Attempts != store.OutboxMaxAttempts {
		t.Errorf("calls %d, row %+v: want %d tries, then given up", s.calls, rows[0], store.OutboxMaxAttempts)
	}
}

// TestDeliverOutboxConcurrently runs several deliverers at once, as several instances
// do on PostgreSQL: every message goes out exactly once.
func TestDeliverOutboxConcurrently(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	const total = 60
	var rs []notify.Recipient
	for i := range total {
		rs = append(rs, notify.Recipient{Phone: fmt.Sprintf("1370000%04d", i)})
	}
	mustNotify(t, db, closedMsg("T1"), rs...)
	// A second handle on the same database, as another instance would have.
	other, err := store.Open(ctx, db.URL, store.Options{Clock: db.Clock, Keys: db.Keys(), SearchPath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	rec := &sms.Recorder{}
	var wg sync.WaitGroup
	errc := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := db.DB
			if i%2 == 1 {
				h = other
			}
			for {
				n, err := h.DeliverOutbox(ctx, rec, nil, 5)
				if err != nil {
					errc <- err
					return
				}
				if n == 0 {
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Error(err)
	}
	seen := map[string]int{}
	for _, m := range rec.Sent() {
		seen[m.Phone]++
	}
	for _, r := range rs {
		if seen[r.Phone] != 1 {
			t.Errorf("%s sent %d times", r.Phone, seen[r.Phone])
		}
	}
	if len(rec.Sent()) != total {
		t.Errorf("sent %d, want %d", len(rec.Sent()), total)
	}
}

func TestMarkRead(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	for i := range 5 {
		mustNotify(t, db, closedMsg(fmt.Sprintf("T%d", i)), notify.Recipient{UserID: f.resident.UserID})
	}
	mustNotify(t, db, closedMsg("X"), notify.Recipient{UserID: f.resident2.UserID})
	mine, _ := db.Notifications(ctx, f.resident, 0, 0)
	theirs, _ := db.Notifications(ctx, f.resident2, 0, 0)
	if len(mine) != 5 || mine[0].Params["ticket"] != "T4" || len(theirs) != 1 {
		t.Fatalf("mine %d (first %v), theirs %d", len(mine), mine[0].Params, len(theirs))
	}
	// Paging: the two before the third newest.
	page, _ := db.Notifications(ctx, f.resident, mine[2].ID, 2)
	if len(page) != 2 || page[0].ID != mine[3].ID || page[1].ID != mine[4].ID {
		t.Errorf("page before %d: %v", mine[2].ID, page)
	}
	db.Clock.Advance(time.Minute)
	for _, c := range []struct {
		name string
		ids  []int64
		want int
	}{
		{"someone else's", []int64{theirs[0].ID}, 0},
		{"none that exist", []int64{999999, -1, 0}, 0},
		{"nothing", nil, 0},
		{"mine, twice over", []int64{mine[0].ID, mine[0].ID, mine[1].ID, theirs[0].ID}, 2},
		{"already read", []int64{mine[0].ID}, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := db.MarkRead(ctx, f.resident, c.ids)
			if err != nil || n != c.want {
				t.Errorf("MarkRead(%v) = %d, %v; want %d", c.ids, n, err, c.want)
			}
		})
	}
	if _, unread := count(t, db, f.resident2); unread != 1 {
		t.Errorf("the other resident's notification was marked: unread %d", unread)
	}
	if _, unread := count(t, db, f.resident); unread != 3 {
		t.Errorf("unread %d, want 3", unread)
	}
	ns, _ := db.Notifications(ctx, f.resident, 0, 0)
	if ns[0].Read == nil || !ns[0].Read.Equal(storetest.Start.Add(time.Minute)) || ns[2].Read != nil {
		t.Errorf("read times %v %v", ns[0].Read, ns[2].Read)
	}
	if n, err := db.MarkAllRead(ctx, f.resident); err != nil || n != 3 {
		t.Errorf("MarkAllRead = %d, %v", n, err)
	}
	if _, unread := count(t, db, f.resident2); unread != 1 {
		t.Errorf("MarkAllRead reached another account: unread %d", unread)
	}
	if _, err := db.MarkRead(ctx, f.resident, make([]int64, store.MaxMarkRead+1)); !errs.Is(err, errs.Invalid) {
		t.Errorf("too many ids: %v", err)
	}
	if _, err := db.MarkRead(ctx, nil, []int64{1}); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("no caller: %v", err)
	}
	if _, err := db.Notifications(ctx, nil, 0, 0); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("no caller: %v", err)
	}
	if ns, err := db.Notifications(ctx, sys, 0, 0); err != nil || len(ns) != 0 {
		t.Errorf("system principal lists %d, %v", len(ns), err)
	}
}

func TestDeliverOutboxBatches(t *testing.T) {
	f := newNotifyFixture(t)
	db := f.db
	var rs []notify.Recipient
	for i := range 25 {
		rs = append(rs, notify.Recipient{Phone: fmt.Sprintf("1360000%04d", i)})
	}
	mustNotify(t, db, closedMsg("T1"), rs...)
	rec := &sms.Recorder{}
	for _, c := range []struct{ limit, want int }{{12, 12}, {100, 13}, {100, 0}} {
		if n, err := db.DeliverOutbox(ctx, rec, nil, c.limit); err != nil || n != c.want {
			t.Errorf("limit %d: sent %d, %v; want %d", c.limit, n, err, c.want)
		}
	}
	// A sender whose context has ended sends nothing and leaves the rows due.
	mustNotify(t, db, closedMsg("T2"), notify.Recipient{Phone: "13600009999"})
	done, cancel := context.WithCancel(ctx)
	cancel()
	if n, err := db.DeliverOutbox(done, rec, nil, 10); n != 0 || err != nil {
		t.Errorf("ended context: sent %d, %v", n, err)
	}
	if n, _ := db.DeliverOutbox(ctx, rec, nil, 10); n != 1 || len(rec.Sent()) != 26 {
		t.Errorf("then: sent %d, %d in all", n, len(rec.Sent()))
	}
}
