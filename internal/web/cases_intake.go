package web

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// placeReport fills in what a scanned door plate tells about a report: its house's grid,
// address and building location. Storage locates a point itself (Report).
func (s *Server) placeReport(ctx context.Context, r *cases.Report) error {
	r.NodeID, r.NodePath, r.Located = 0, "", false
	code := strings.TrimSpace(r.PlateCode)
	if code == "" {
		return nil
	}
	h, err := s.db.HouseByCode(ctx, code)
	if err != nil {
		if errs.CodeOf(err) == errs.NotFound {
			return errs.FieldInvalid("plate_code", "err.case_plate")
		}
		return err
	}
	r.NodeID, r.NodePath, r.Located = h.NodeID, h.NodePath, true
	if r.Address == "" {
		r.Address = strings.TrimSpace(h.Address + " " + h.BuildingName + " " + h.Unit + " " + h.Room)
	}
	if r.Location == nil {
		r.Location = h.Location
	}
	return nil
}
