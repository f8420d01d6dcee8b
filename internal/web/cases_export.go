package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// caseExportColumns are the columns of the cases' export: what each case is, and the
// time of every milestone of the loop, so that others can compute their own figures.
var caseExportColumns = []string{"desk.col.ticket", "desk.field.status", "desk.field.source", "desk.field.category", "desk.field.triage",
	"export.case.priority", "desk.field.place", "desk.field.unit", "export.case.address", "desk.col.description",
	"export.case.reported", "export.case.registered", "export.case.dispatched", "export.case.acknowledged", "export.case.handled",
	"export.case.verified", "export.case.closed", "export.case.rated", "export.case.rating", "desk.col.due"}

// caseExportWidths size the columns: tickets and times fit, descriptions get room.
var caseExportWidths = []int{17, 10, 10, 14, 8, 8, 16, 18, 24, 40, 19, 19, 19, 19, 19, 19, 19, 19, 10, 19}

// casesExportRoutes are the downloads of the queue page's cases.
func (s *Server) casesExportRoutes() []route {
	return []route{
		page("GET", "/cases/export.csv", account.CaseView, s.casesExport("csv")),
		page("GET", "/cases/export.xlsx", account.CaseView, s.casesExport("xlsx")),
	}
}

// casesExport writes the cases of the queue page's filters, every one of them, as CSV
// or XLSX, a page of the store at a time.
func (s *Server) casesExport(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx, st := r.Context(), state(r)
		f, err := caseFilterFrom(st.p, r.URL.Query())
		if err != nil {
			return err
		}
		f.Sort, f.After, f.Limit = "", 0, store.MaxCasePage // newest first, page after page
		list, more, err := s.db.ListCases(ctx, st.p, f)     // the first page before any byte goes out
		if err != nil {
			return err
		}
		head := make([]string, len(caseExportColumns))
		for i, k := range caseExportColumns {
			head[i] = i18n.T(st.lang, k)
		}
		name := "cases-" + s.db.Clock().Now().In(beijing).Format("20060102-1504")
		write, closeFn, err := tableDownload(w, format, name,
			tabular.XLSXOptions{Sheet: i18n.T(st.lang, "export.case.sheet"), Widths: caseExportWidths}, nil, head)
		if err != nil {
			return err
		}
		for {
			rows, err := s.caseRows(ctx, st.p, list)
			if err == nil {
				for _, c := range rows {
					if err = write(s.caseExportRow(st.lang, c)); err != nil {
						break
					}
				}
			}
			if err == nil && more && len(list) > 0 {
				f.After = list[len(list)-1].ID
				list, more, err = s.db.ListCases(ctx, st.p, f)
				if err == nil {
					continue
				}
			}
			if err != nil {
				s.log.Warn("case export stopped", "err", err)
				return nil // the headers are out: the file ends short, which the download shows
			}
			return closeFn()
		}
	}
}

func (s *Server) caseExportRow(lang i18n.Lang, c caseRow) []string {
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(beijing).Format("2006-01-02 15:04:05")
	}
	rating := ""
	if c.Rating != "" {
		rating = i18n.T(lang, c.Rating.Key())
	}
	reported := c.ReportedAt
	return []string{c.Ticket, i18n.T(lang, c.Status.Key()), i18n.T(lang, c.Source.Key()), c.CategoryName, i18n.T(lang, c.Triage.Key()),
		i18n.T(lang, c.Priority.Key()), c.PlaceName, c.UnitName, c.Address, c.Description,
		at(&reported), at(c.RegisteredAt), at(c.DispatchedAt), at(c.AcknowledgedAt), at(c.HandledAt),
		at(c.VerifiedAt), at(c.ClosedAt), at(c.RatedAt), rating, at(c.DueAt)}
}
