package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/media/mediatest"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// TestReportWithPhotos: a resident's photos, uploaded anonymously, go with the report,
// lose their location, and appear on the case page to the area's staff only.
func TestReportWithPhotos(t *testing.T) {
	e, _ := reportEnv(t)
	anon := e.Anon()
	var ids, claims []string
	for i := range 2 {
		r, up := uploadPhoto(t, anon, fmt.Sprintf("IMG_%d.JPG", i), mediatest.PhoneJPEG(t, 64, 48, 1))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
		}
		ids, claims = append(ids, strconv.FormatInt(up.ID, 10)), append(claims, up.Claim)
	}
	c, _ := filed(t, e, anon.PostForm("/report", reportForm(func(v url.Values) {
		v["photos"], v["photos_claim"] = ids, claims
		v.Set("lat", "31.305")
		v.Set("lng", "120.605")
	})))
	page := e.Login(webtest.StaffA).Get(fmt.Sprintf("/cases/%d", c.ID))
	for _, id := range ids {
		if !strings.Contains(page.Body, `src="/files/`+id+`/thumb"`) {
			t.Errorf("the case page lacks photo %s", id)
		}
		if r := e.Login(webtest.StaffA).Get("/files/" + id); r.StatusCode != http.StatusOK || strings.Contains(r.Body, "GPS") {
			t.Errorf("staff open photo %s: %d", id, r.StatusCode)
		}
		if r := e.Login(webtest.StaffB).Get("/files/" + id); r.StatusCode != http.StatusNotFound {
			t.Errorf("staff of another street open photo %s: %d", id, r.StatusCode)
		}
	}
	// The same photos cannot be attached twice.
	r := anon.PostForm("/report", reportForm(func(v url.Values) { v["photos"], v["photos_claim"] = ids[:1], claims[:1] }))
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("reusing an attached photo = %d", r.StatusCode)
	}
}

// TestTrackingShowsWhyNotTakenUp: a rejection's reason and a referral's note are written
// for the reporter and shown on the tracking page; other notes are not.
func TestTrackingShowsWhyNotTakenUp(t *testing.T) {
	e, _ := reportEnv(t)
	anon := e.Anon()
	c, link := filed(t, e, anon.PostForm("/report", reportForm(func(v url.Values) {
		v.Set("lat", "31.305")
		v.Set("lng", "120.605")
	})))
	staff := e.Login(webtest.StaffA)
	for _, st := range []url.Values{{"action": {"comment"}, "note": {"内部：已电话联系物业"}}, {"action": {"reject"}, "note": {"属于物业服务范围，已告知物业"}}} {
		cur, err := e.DB.Case(context.Background(), e.Sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		st.Set("version", strconv.Itoa(cur.Version))
		if r := staff.PostForm(fmt.Sprintf("/cases/%d/act", c.ID), st); r.StatusCode >= 400 {
			t.Fatalf("%s: %d", st.Get("action"), r.StatusCode)
		}
	}
	page := anon.Get(link)
	if !strings.Contains(page.Body, "属于物业服务范围，已告知物业") || strings.Contains(page.Body, "内部：已电话联系物业") {
		t.Errorf("tracking page: reason shown %v, internal note hidden %v", strings.Contains(page.Body, "属于物业服务范围"),
			!strings.Contains(page.Body, "内部"))
	}
}

// TestReportChannelsForWorkers: on the same form a grid worker reports from patrol and
// may close a small matter solved on the spot; staff take 12345 calls for a caller.
func TestReportChannelsForWorkers(t *testing.T) {
	e, _ := reportEnv(t)
	worker, staff := e.Login(webtest.GridWorkerA), e.Login(webtest.StaffA)
	at := func(v url.Values) { v.Set("lat", "31.305"); v.Set("lng", "120.605") }

	page := worker.Get("/report")
	if !strings.Contains(page.Body, `name="source" value="patrol" checked`) || !strings.Contains(page.Body, `name="self_handled"`) {
		t.Errorf("a grid worker's form lacks the patrol channel or on-the-spot handling")
	}
	r := worker.PostForm("/report", reportForm(func(v url.Values) {
		at(v)
		v.Set("source", "patrol")
		v.Set("self_handled", "1")
		v.Set("handle_note", "已当场清理")
	}))
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-after_photos"`) {
		t.Errorf("solved on the spot without after photos = %d", r.StatusCode)
	}
	_, up := uploadPhoto(t, worker, "after.jpg", mediatest.PhoneJPEG(t, 32, 32, 1))
	c, _ := filed(t, e, worker.PostForm("/report", reportForm(func(v url.Values) {
		at(v)
		v.Set("source", "patrol")
		v.Set("self_handled", "1")
		v.Set("handle_note", "已当场清理")
		v.Set("after_photos", strconv.FormatInt(up.ID, 10))
	})))
	got, err := e.DB.Case(context.Background(), e.Sys, c.ID)
	if err != nil || got.Source != "patrol" || got.Status != "closed" || got.Closure != "self_handled" {
		t.Errorf("the self-handled report: %v %+v", err, got)
	}

	if page := staff.Get("/report"); !strings.Contains(page.Body, `value="hotline"`) || !strings.Contains(page.Body, "政策咨询") {
		t.Errorf("a staff member's form lacks the hotline channel or its classes")
	}
	r = staff.PostForm("/report", reportForm(func(v url.Values) { at(v); v.Set("source", "hotline") }))
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-reporter_phone"`) {
		t.Errorf("a hotline call without the caller's phone = %d", r.StatusCode)
	}
	r = e.Anon().PostForm("/report", reportForm(func(v url.Values) { at(v); v.Set("source", "hotline"); v.Set("reporter_phone", "13912345678") }))
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("an anonymous hotline report = %d", r.StatusCode)
	}
}
