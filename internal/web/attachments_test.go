package web_test

import (
	"bytes"
	"context"
	"github.com/shequ-dev/shequ/internal/cases"
	"image"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/media/mediatest"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// uploadResponse is the answer to POST /api/v1/attachments.
type uploadResponse struct {
	ID       int64  `json:"id"`
	Claim    string `json:"claim"`
	Width    int    `json:"width"`
	Height   int    `json:"height"`
	Mime     string `json:"mime"`
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url"`
}

type photoAPIError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func uploadPhoto(t *testing.T, c *webtest.Client, name string, content []byte) (*webtest.Response, uploadResponse) {
	t.Helper()
	r := c.PostFile("/api/v1/attachments", nil, "file", name, content)
	var out uploadResponse
	if r.StatusCode == http.StatusCreated {
		r.JSON(t, &out)
	}
	return r, out
}

// linkForTest attaches an upload to a new case in grid A (in) or B, dispatched to that
// street's unit, through a note on the case as the case core does it.
func linkForTest(e *webtest.Env, id int64, claim string, in bool) {
	e.T.Helper()
	c := caseFixture(e, in)
	if _, err := e.DB.Act(context.Background(), e.Sys, c.ID, cases.Step{Action: cases.ActComment, Note: "现场照片", Version: c.Version},
		[]cases.PhotoRef{{ID: id, Claim: claim}}); err != nil {
		e.T.Fatalf("link photo: %v", err)
	}
}

func TestAttachmentUploadRefuses(t *testing.T) {
	e := webtest.New(t)
	anon := e.Anon()
	cases := []struct {
		name, file string
		content    []byte
		lang, want string
	}{
		{"text named .jpg", "photo.jpg", []byte("这只是一段文字"), "", "只能上传 JPEG 或 PNG 格式的照片"},
		{"HTML", "page.jpg", []byte("<!DOCTYPE html><script>alert(1)</script>"), "en", "Only JPEG or PNG photos can be uploaded"},
		{"30 MB", "big.jpg", append(mediatest.PhoneJPEG(t, 16, 16, 1), make([]byte, 30<<20)...), "", "照片超过 10 MB 上限"},
		{"30 MB in English", "big.jpg", append(mediatest.PhoneJPEG(t, 16, 16, 1), make([]byte, 30<<20)...), "en", "10 MB limit"},
		{"empty", "empty.jpg", nil, "", "上传的文件是空的"},
		{"truncated", "cut.jpg", mediatest.EncodeJPEG(t, mediatest.Picture(64, 64))[:400], "", "照片文件已损坏或不完整"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			anon.Lang = c.lang
			r, _ := uploadPhoto(t, anon, c.file, c.content)
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d %s", r.StatusCode, r.Body)
			}
			var body photoAPIError
			r.JSON(t, &body)
			if !strings.Contains(body.Error.Fields["file"], c.want) {
				t.Errorf("file error %q, want %q", body.Error.Fields["file"], c.want)
			}
		})
	}
	anon.Lang = ""
	t.Run("no file", func(t *testing.T) {
		for _, r := range []*webtest.Response{
			anon.PostFile("/api/v1/attachments", url.Values{"note": {"x"}}, "", "", nil),
			anon.PostFile("/api/v1/attachments", nil, "other", "a.jpg", mediatest.PhoneJPEG(t, 8, 8, 1)),
			anon.JSON("POST", "/api/v1/attachments", map[string]string{}),
		} {
			var body photoAPIError
			r.JSON(t, &body)
			if r.StatusCode != http.StatusBadRequest || body.Error.Fields["file"] != "请选择要上传的文件" {
				t.Errorf("status %d, body %s", r.StatusCode, r.Body)
			}
		}
	})
}

func TestAnonymousUploadAccess(t *testing.T) {
	e := webtest.New(t)
	resident, stranger := e.Anon(), e.Anon()
	r, up := uploadPhoto(t, resident, "IMG_2041.JPG", mediatest.PhoneJPEG(t, 640, 480, 6))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	if up.ID == 0 || !strings.HasPrefix(up.Claim, "clm_") || up.Width != 480 || up.Height != 640 || up.Mime != "image/jpeg" {
		t.Fatalf("upload answer %+v", up)
	}
	if !strings.Contains(up.ThumbURL, "claim=") || !strings.HasPrefix(up.ThumbURL, "/files/") {
		t.Fatalf("thumb_url %q", up.ThumbURL)
	}

	// The uploader sees the photo and its thumbnail by the claim.
	full := resident.Get(up.URL)
	if full.StatusCode != http.StatusOK {
		t.Fatalf("photo: %d", full.StatusCode)
	}
	for h, want := range map[string]string{"Content-Type": "image/jpeg", "X-Content-Type-Options": "nosniff",
		"Cache-Control": "private, max-age=3600", "Content-Disposition": `inline; filename="photo-` + photoIDStr(up.ID) + `.jpg"`} {
		if got := full.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	// The location is gone from the stored bytes.
	if mediatest.HasLocation([]byte(full.Body)) || strings.Contains(full.Body, "Huawei") {
		t.Error("the stored photo still carries location or camera data")
	}
	if _, _, err := image.DecodeConfig(strings.NewReader(full.Body)); err != nil {
		t.Errorf("stored photo: %v", err)
	}
	thumb := resident.Get(up.ThumbURL)
	cfg, _, err := image.DecodeConfig(bytes.NewReader([]byte(thumb.Body)))
	if thumb.StatusCode != http.StatusOK || err != nil || cfg.Width != 240 || cfg.Height != 320 {
		t.Errorf("thumbnail: %d %v %d×%d", thumb.StatusCode, err, cfg.Width, cfg.Height)
	}
	etag := full.Header.Get("ETag")
	if len(etag) != 66 || etag == thumb.Header.Get("ETag") {
		t.Errorf("ETags %q and %q", etag, thumb.Header.Get("ETag"))
	}
	again := revalidate(t, e, up.URL, etag)
	if again.StatusCode != http.StatusNotModified || again.Body != "" {
		t.Errorf("revalidation: %d %q", again.StatusCode, again.Body)
	}

	// Nobody else sees it: not another anonymous client, with or without a claim, nor
	// staff of any area while it belongs to no case.
	path := "/files/" + photoIDStr(up.ID)
	_, other := uploadPhoto(t, stranger, "b.jpg", mediatest.PhoneJPEG(t, 16, 16, 1))
	for name, get := range map[string]func() *webtest.Response{
		"stranger":                      func() *webtest.Response { return stranger.Get(path) },
		"stranger thumbnail":            func() *webtest.Response { return stranger.Get(path + "/thumb") },
		"stranger with their own claim": func() *webtest.Response { return stranger.Get(path + "?claim=" + url.QueryEscape(other.Claim)) },
		"stranger guessing a claim":     func() *webtest.Response { return stranger.Get(path + "?claim=clm_x") },
		"administrator":                 func() *webtest.Response { return e.Login(webtest.Admin).Get(path) },
		"revalidating stranger":         func() *webtest.Response { return revalidate(t, e, path, etag) },
		"malformed id":                  func() *webtest.Response { return stranger.Get("/files/x1") },
	} {
		if r := get(); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", name, r.StatusCode)
		}
	}

	// Once attached to a case in grid A, the area's staff see it and the claim no longer
	// opens it.
	linkForTest(e, up.ID, up.Claim, true)
	if r := e.Login(webtest.StaffA).Get(path); r.StatusCode != http.StatusOK {
		t.Errorf("staff of the area: %d", r.StatusCode)
	}
	if r := e.Login(webtest.StaffB).Get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("staff of another street: %d", r.StatusCode)
	}
	if r := resident.Get(up.URL); r.StatusCode != http.StatusNotFound {
		t.Errorf("claim after linking: %d", r.StatusCode)
	}
}

func revalidate(t *testing.T, e *webtest.Env, path, etag string) *webtest.Response {
	t.Helper()
	req, err := http.NewRequest("GET", e.HTTP.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("If-None-Match", etag)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	return &webtest.Response{Response: resp, Body: b.String()}
}

func TestSignedInUpload(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	r, up := uploadPhoto(t, worker, "before.png", mediatest.PhonePNG(t, 400, 300, 1))
	if r.StatusCode != http.StatusCreated || strings.Contains(up.ThumbURL, "claim") || up.Mime != "image/png" {
		t.Fatalf("upload: %d %s", r.StatusCode, r.Body)
	}
	got := worker.Get(up.URL)
	if got.StatusCode != http.StatusOK || got.Header.Get("Content-Type") != "image/png" || mediatest.HasLocation([]byte(got.Body)) {
		t.Errorf("own photo: %d %q", got.StatusCode, got.Header.Get("Content-Type"))
	}
	if r := e.Login(webtest.StaffA).Get(up.URL); r.StatusCode != http.StatusNotFound {
		t.Errorf("another account before linking: %d", r.StatusCode)
	}
	if r := e.Anon().Get(up.ThumbURL); r.StatusCode != http.StatusNotFound {
		t.Errorf("anonymous: %d", r.StatusCode)
	}
}

func TestAnonymousUploadsLimited(t *testing.T) {
	e := webtest.New(t)
	anon := e.Anon()
	for i := range 30 {
		if r := anon.PostFile("/api/v1/attachments", nil, "file", "a.txt", []byte("x")); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("upload %d: %d", i, r.StatusCode)
		}
	}
	r := anon.PostFile("/api/v1/attachments", nil, "file", "a.jpg", mediatest.PhoneJPEG(t, 8, 8, 1))
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("31st upload: %d", r.StatusCode)
	}
	// Signed-in accounts are not held by the anonymous limit.
	if r, _ := uploadPhoto(t, e.Login(webtest.GridWorkerA), "a.jpg", mediatest.PhoneJPEG(t, 8, 8, 1)); r.StatusCode != http.StatusCreated {
		t.Errorf("signed-in upload: %d", r.StatusCode)
	}
	e.DB.Clock.Advance(10*time.Minute + time.Second)
	if r, _ := uploadPhoto(t, anon, "a.jpg", mediatest.PhoneJPEG(t, 8, 8, 1)); r.StatusCode != http.StatusCreated {
		t.Errorf("after the window: %d %s", r.StatusCode, r.Body)
	}
}

func photoIDStr(n int64) string { return strconv.FormatInt(n, 10) }
