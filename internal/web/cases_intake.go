package web

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// placeReport finds where a report belongs before storage takes it: a scanned door plate
// gives its house's grid, address and building location; a point is looked up in the
// boundaries, smallest place first. A point outside every boundary, or an address alone,
// leaves the case unlocated: it is kept and waits in the unlocated queue for a person.
func (s *Server) placeReport(ctx context.Context, r *cases.Report) error {
	r.NodeID, r.NodePath, r.Located = 0, "", false
	if code := strings.TrimSpace(r.PlateCode); code != "" {
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
	if r.Location == nil {
		return nil
	}
	ix, err := s.index(ctx)
	if err != nil {
		return err
	}
	hits := ix.Locate(geo.Point{Lng: r.Location.Lng, Lat: r.Location.Lat})
	if len(hits) == 0 {
		return nil
	}
	n, err := s.db.NodeByID(ctx, hits[0].ID)
	if err != nil {
		return err
	}
	r.NodeID, r.NodePath, r.Located = n.ID, n.Path, true
	return nil
}
