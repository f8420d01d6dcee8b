package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/media"
)

// The reporter's photos on the tracking page: those that came with the report itself
// (linked to its timeline entry), which the reporter took and sent. Photos of later steps
// (a handler's before and after, a verifier's) are the staff's work and stay off it. c
// is always a case CaseByTicket opened, by its key or for its signed-in reporter: that is
// the whole authorisation, and a photo of any other case is not found.

// reportPhotoFrom joins a case's photos to its report entry.
const reportPhotoFrom = ` FROM attachments a JOIN case_events e ON e.id = a.event_id
	WHERE a.case_id = ? AND e.case_id = a.case_id AND e.action = '` + string(cases.ActReport) + `'`

// ReportPhotos lists the photos of c's report, oldest first.
func (db *DB) ReportPhotos(ctx context.Context, c *cases.Case) ([]CasePhoto, error) {
	return queryList(ctx, db, "entity.attachment", func(s rowScanner) (CasePhoto, error) {
		var ph CasePhoto
		err := s.Scan(&ph.ID, &ph.EventID, &ph.Width, &ph.Height)
		return ph, err
	}, `SELECT a.id, a.event_id, a.width, a.height`+reportPhotoFrom+` ORDER BY a.id`, c.ID)
}

// ReportPhoto describes one photo of c's report, without its bytes.
func (db *DB) ReportPhoto(ctx context.Context, c *cases.Case, id int64) (Attachment, error) {
	a := Attachment{CaseID: c.ID}
	err := db.queryRow(ctx, `SELECT a.id, a.sha256, a.mime, a.size, a.width, a.height, a.event_id`+reportPhotoFrom+` AND a.id = ?`,
		c.ID, id).Scan(&a.ID, &a.SHA256, &a.Mime, &a.Size, &a.Width, &a.Height, &a.EventID)
	if err != nil {
		return Attachment{}, mapErr(err, "entity.attachment")
	}
	return a, nil
}

// ReportPhotoData returns the type and bytes of one photo of c's report, or of its
// thumbnail.
func (db *DB) ReportPhotoData(ctx context.Context, c *cases.Case, id int64, thumb bool) (mime string, data []byte, err error) {
	col := "a.data"
	if thumb {
		col = "a.thumb"
	}
	err = db.queryRow(ctx, `SELECT a.mime, `+col+reportPhotoFrom+` AND a.id = ?`, c.ID, id).Scan(&mime, &data)
	if err != nil {
		return "", nil, mapErr(err, "entity.attachment")
	}
	if thumb {
		mime = media.JPEG
	}
	return mime, data, nil
}
