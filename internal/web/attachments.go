package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/media"
	"github.com/shequ-dev/shequ/internal/store"
)

// Anonymous photo uploads are limited per client address: enough for a few reports of
// nine photos each, not enough to fill the database. Signed-in accounts are not limited
// here (a grid worker on patrol photographs all day).
const (
	anonymousUploads      = 30
	anonymousUploadWindow = 10 * time.Minute
)

// attachmentRoutes are the photo uploads of case reports and events, and the photos'
// files. Uploads are open to residents who report without signing in; files are shown
// to whom store.AttachmentFor allows, and to the anonymous uploader by the claim token.
func (s *Server) attachmentRoutes() []route {
	lim := newLimiter(anonymousUploads, anonymousUploadWindow, s.db.Clock())
	return []route{
		publicAPI("POST", "/api/v1/attachments", s.apiAttachmentUpload(lim), apiDoc{Summary: "Upload one photo (JPEG or PNG, " +
			"at most 10 MB) for a case report or case event, as multipart/form-data with the field file. Location and other " +
			"metadata are removed. Open without signing in (limited per address); the claim returned proves the upload is " +
			"the caller's when the report is submitted with the photo ids and claims", Tag: "cases",
			Response: attachmentResponse{}, Status: http.StatusCreated}).uploads(),
		publicPage("GET", "/files/{id}", s.serveAttachment(false)),
		publicPage("GET", "/files/{id}/thumb", s.serveAttachment(true)),
	}
}

// attachmentResponse is an uploaded photo as the API returns it.
type attachmentResponse struct {
	ID       int64  `json:"id"`
	Claim    string `json:"claim" doc:"Secret proof of the upload, sent back with the report (photos_claim) and needed to see an anonymous upload before it is attached"`
	Width    int    `json:"width" doc:"As the photo is seen, after its orientation"`
	Height   int    `json:"height"`
	Mime     string `json:"mime"`
	URL      string `json:"url"`
	ThumbURL string `json:"thumb_url" doc:"A JPEG of at most 320 pixels a side"`
}

// anonymousPrincipal is the caller of a resident's upload without an account: it has no
// user id, and the audit log names the client address.
func anonymousPrincipal(ip string) *account.Principal {
	return &account.Principal{Username: "anonymous", IP: ip}
}

func (s *Server) apiAttachmentUpload(lim *limiter) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		st := state(r)
		p := st.p
		if p == nil {
			if !lim.allow("photo:" + st.ip) {
				return errs.E(errs.TooMany, "err.too_many_requests")
			}
			p = anonymousPrincipal(st.ip)
		}
		name, data, err := receivePhoto(r)
		if err != nil {
			return err
		}
		a, claim, err := s.db.SaveAttachment(r.Context(), p, name, data)
		if err != nil {
			return err
		}
		out := attachmentResponse{ID: a.ID, Claim: claim, Width: a.Width, Height: a.Height, Mime: a.Mime,
			URL: attachmentURL(a.ID, false, ""), ThumbURL: attachmentURL(a.ID, true, "")}
		if p.UserID == 0 { // the anonymous uploader sees the photo by its claim until it is attached
			out.URL, out.ThumbURL = attachmentURL(a.ID, false, claim), attachmentURL(a.ID, true, claim)
		}
		writeJSON(w, http.StatusCreated, out)
		return nil
	}
}

// attachmentURL is the address of a photo or its thumbnail.
func attachmentURL(id int64, thumb bool, claim string) string {
	u := "/files/" + strconv.FormatInt(id, 10)
	if thumb {
		u += "/thumb"
	}
	if claim != "" {
		u += "?claim=" + url.QueryEscape(claim)
	}
	return u
}

// receivePhoto reads the one file of a multipart upload, at most media.MaxPhotoBytes.
// A larger file is read to its end (up to the route's body limit) and thrown away, so
// that the client, still sending, gets the answer rather than a broken connection.
func receivePhoto(r *http.Request) (name string, data []byte, err error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, errs.FieldInvalid(media.Field, "err.upload_missing")
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return "", nil, errs.FieldInvalid(media.Field, "err.upload_missing")
		}
		if err != nil {
			return "", nil, bodyError(err)
		}
		if part.FormName() != media.Field || part.FileName() == "" && part.Header.Get("Content-Type") == "" {
			part.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, media.MaxPhotoBytes+1))
		if err != nil {
			return "", nil, bodyError(err)
		}
		if len(data) > media.MaxPhotoBytes {
			io.Copy(io.Discard, r.Body)
			return "", nil, errs.FieldInvalid(media.Field, "err.photo_too_large", media.MaxPhotoBytes>>20)
		}
		return part.FileName(), data, nil
	}
}

// bodyError is the answer to a request body that could not be read.
func bodyError(err error) error {
	if isBodyTooLarge(err) {
		return errs.FieldInvalid(media.Field, "err.photo_too_large", media.MaxPhotoBytes>>20)
	}
	return errs.Wrap(err, errs.Invalid, "err.invalid")
}

// serveAttachment sends a photo or its thumbnail with the stored type, never sniffed,
// shown inline, cached by this browser only and revalidated by the photo's digest.
func (s *Server) serveAttachment(thumb bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		st := state(r)
		claim := r.URL.Query().Get("claim")
		a, err := s.db.Attachment(r.Context(), st.p, id, claim)
		if err != nil {
			return err
		}
		return sendPhoto(w, r, a, thumb, func() (string, []byte, error) { return s.db.AttachmentFor(r.Context(), st.p, id, thumb, claim) })
	}
}

// sendPhoto answers with photo a or its thumbnail, with the bytes load returns: the
// stored type, never sniffed, shown inline, cached by this browser only and revalidated
// by the photo's digest (a 304 loads nothing).
func sendPhoto(w http.ResponseWriter, r *http.Request, a store.Attachment, thumb bool, load func() (string, []byte, error)) error {
	etag := `"` + a.SHA256 + `"`
	ext := ".jpg"
	if thumb {
		etag = `"` + a.SHA256 + `-thumb"`
	} else if a.Mime == media.PNG {
		ext = ".png"
	}
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Vary", "Cookie")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	if etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	mime, data, err := load()
	if err != nil {
		return err
	}
	h.Set("Content-Type", mime)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", `inline; filename="photo-`+strconv.FormatInt(a.ID, 10)+ext+`"`)
	_, err = w.Write(data)
	return err
}

// etagMatch reports whether an If-None-Match header names etag (or is "*").
func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}
