package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/media/mediatest"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// trackPhotoFixture files an anonymous resident's report with one photo and returns its
// ticket, key and the photo's id.
func trackPhotoFixture(e *webtest.Env) (ticket, key string, id int64) {
	e.T.Helper()
	ctx := context.Background()
	a, claim, err := e.DB.SaveAttachment(ctx, &account.Principal{Username: "anonymous", IP: "192.0.2.1"}, "a.jpg", mediatest.PhoneJPEG(e.T, 16, 16, 1))
	if err != nil {
		e.T.Fatalf("photo: %v", err)
	}
	in, err := e.DB.Report(ctx, nil, cases.Report{Source: cases.FromResident, CategoryID: eventCategory(e, "0102"),
		Description: "带照片的反映", Address: "平江路 3 号", Photos: []cases.PhotoRef{{ID: a.ID, Claim: claim}}})
	if err != nil {
		e.T.Fatalf("report: %v", err)
	}
	return in.Case.Ticket, in.TrackKey, a.ID
}

func init() {
	// The key (or the signed-in reporter), not the account, opens the tracking page and
	// its photos; TestTrackingPagePhotos shows that a wrong key opens nothing.
	photo := func(suffix string) func(e *webtest.Env, _ bool) target {
		return func(e *webtest.Env, _ bool) target {
			ticket, key, id := trackPhotoFixture(e)
			return target{method: "GET", path: fmt.Sprintf("/t/%s/photos/%d%s?k=%s", ticket, id, suffix, url.QueryEscape(key))}
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /t/{ticket}/photos/{id}", allow: everyone, req: photo("")},
		authzCase{route: "GET /t/{ticket}/photos/{id}/thumb", allow: everyone, req: photo("/thumb")},
	)
}

// TestTrackingPagePhotos: the reporter sees the photos they sent with the report on the
// tracking page, as thumbnails opening the whole photo, without its location; the
// handler's photos of the work stay off it, and neither another ticket's key nor no key
// fetches them.
func TestTrackingPagePhotos(t *testing.T) {
	e, _ := reportEnv(t)
	ctx := context.Background()
	anon := e.Anon()
	upload := func(name string) (id, claim string) {
		t.Helper()
		r, up := uploadPhoto(t, anon, name, mediatest.PhoneJPEG(t, 64, 48, 1))
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
		}
		return strconv.FormatInt(up.ID, 10), up.Claim
	}
	var mine, claims []string
	for i := range 2 {
		id, claim := upload(fmt.Sprintf("IMG_%d.JPG", i))
		mine, claims = append(mine, id), append(claims, claim)
	}
	c, link := filed(t, e, anon.PostForm("/report", reportForm(func(v url.Values) {
		v["photos"], v["photos_claim"] = mine, claims
		v.Set("lat", "31.305")
		v.Set("lng", "120.605")
	})))
	key := must(url.Parse(link)).Query().Get("k")

	// Another resident's report, with a photo of its own.
	otherID, otherClaim := upload("OTHER.JPG")
	other, otherLink := filed(t, e, anon.PostForm("/report", reportForm(func(v url.Values) {
		v["photos"], v["photos_claim"] = []string{otherID}, []string{otherClaim}
		v.Set("description", "另一位居民的反映")
	})))
	otherKey := must(url.Parse(otherLink)).Query().Get("k")

	// The unit handles the first case with a photo of the work.
	work, workClaim, err := e.DB.SaveAttachment(ctx, &account.Principal{Username: "anonymous", IP: "192.0.2.9"}, "work.jpg",
		mediatest.PhoneJPEG(t, 32, 32, 1))
	if err != nil {
		t.Fatal(err)
	}
	cur := c
	for _, s := range toHandled(e.UnitA) {
		s.Version = cur.Version
		var photos []cases.PhotoRef
		if s.Action == cases.ActHandle {
			photos = []cases.PhotoRef{{ID: work.ID, Claim: workClaim}}
		}
		if cur, err = e.DB.Act(ctx, e.Sys, c.ID, s, photos); err != nil {
			t.Fatalf("%s: %v", s.Action, err)
		}
	}
	workID := strconv.FormatInt(work.ID, 10)

	page := anon.Get(link)
	if page.StatusCode != http.StatusOK {
		t.Fatalf("tracking page: %d", page.StatusCode)
	}
	shown := regexp.MustCompile(`<a href="/t/[^/"]+/photos/(\d+)\?k=[^"]+"><img src="/t/[^/"]+/photos/(\d+)/thumb\?k=[^"]+"`).
		FindAllStringSubmatch(page.Body, -1)
	var got []string
	for _, m := range shown {
		if m[1] != m[2] {
			t.Errorf("thumbnail %s links to photo %s", m[2], m[1])
		}
		got = append(got, m[1])
	}
	if strings.Join(got, ",") != strings.Join(mine, ",") {
		t.Errorf("the tracking page shows photos %v, want the reporter's %v (work photo %s, other report's %s)", got, mine, workID, otherID)
	}
	if !strings.Contains(page.Body, "您拍的照片") {
		t.Error("the photos have no heading")
	}

	path := func(ticket, id, suffix, k string) string {
		p := "/t/" + ticket + "/photos/" + id + suffix
		if k != "" {
			p += "?k=" + url.QueryEscape(k)
		}
		return p
	}
	tests := []struct {
		name string
		path string
		want int
	}{
		{"the reporter's photo", path(c.Ticket, mine[0], "", key), http.StatusOK},
		{"the reporter's thumbnail", path(c.Ticket, mine[1], "/thumb", key), http.StatusOK},
		{"the other reporter's own photo", path(other.Ticket, otherID, "", otherKey), http.StatusOK},
		{"another ticket's key", path(c.Ticket, mine[0], "", otherKey), http.StatusNotFound},
		{"this photo through another ticket", path(other.Ticket, mine[0], "", otherKey), http.StatusNotFound},
		{"this photo's thumbnail through another ticket", path(other.Ticket, mine[0], "/thumb", otherKey), http.StatusNotFound},
		{"another report's photo with this key", path(c.Ticket, otherID, "", key), http.StatusNotFound},
		{"no key", path(c.Ticket, mine[0], "", ""), http.StatusNotFound},
		{"the handler's photo of the work", path(c.Ticket, workID, "", key), http.StatusNotFound},
		{"the handler's thumbnail", path(c.Ticket, workID, "/thumb", key), http.StatusNotFound},
		{"no such ticket", path("20990101-000001", mine[0], "", key), http.StatusNotFound},
		{"not a photo id", path(c.Ticket, "abc", "", key), http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Anon().Get(tt.path)
			if r.StatusCode != tt.want {
				t.Fatalf("%s: %d, want %d", tt.path, r.StatusCode, tt.want)
			}
			if tt.want != http.StatusOK {
				return
			}
			if ct := r.Header.Get("Content-Type"); ct != "image/jpeg" {
				t.Errorf("content type %q", ct)
			}
			if mediatest.HasLocation([]byte(r.Body)) {
				t.Error("the photo still carries its location")
			}
			if r.Header.Get("Content-Security-Policy") == "" || r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("photo headers %v", r.Header)
			}
		})
	}

	// The tracking API lists the same photos, at addresses that carry the key.
	var api struct {
		Photos []struct {
			URL      string `json:"url"`
			ThumbURL string `json:"thumb_url"`
		} `json:"photos"`
	}
	e.Anon().Get("/api/v1/track/"+c.Ticket+"?key="+url.QueryEscape(key)).JSON(t, &api)
	if len(api.Photos) != 2 || !strings.Contains(api.Photos[0].URL, "/photos/"+mine[0]+"?k=") ||
		!strings.Contains(api.Photos[1].ThumbURL, "/photos/"+mine[1]+"/thumb?k=") {
		t.Errorf("the tracking API lists %+v", api.Photos)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
