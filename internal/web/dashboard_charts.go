package web

import (
	"sort"
	"strconv"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// dashCharts is what dashboard.js draws, computed on the server so the charts show the
// very figures of the tables beside them.
type dashCharts struct {
	Rank       string            `json:"rank"`
	Texts      map[string]string `json:"texts"`
	Trend      *trendChart       `json:"trend,omitempty"`
	Ranking    *rankChart        `json:"ranking,omitempty"`
	Categories *barChart         `json:"categories,omitempty"`
	Map        *mapChart         `json:"map,omitempty"`
}

// trendChart is a line per indicator over the days of the period.
type trendChart struct {
	Days   []string      `json:"days"`
	Series []chartSeries `json:"series"`
}

type chartSeries struct {
	Name string  `json:"name"`
	Data []int64 `json:"data"`
}

// rankChart ranks the areas by one indicator, best first.
type rankChart struct {
	Name  string      `json:"name"`
	Unit  string      `json:"unit"`
	Items []chartItem `json:"items"`
}

// barChart is a count per group, largest first.
type barChart struct {
	Name  string      `json:"name"`
	Items []chartItem `json:"items"`
}

type chartItem struct {
	Name  string   `json:"name"`
	Value *float64 `json:"value"` // null: nothing to measure
	Text  string   `json:"text"`
	Href  string   `json:"href,omitempty"`
}

// mapChart colours the areas one level down by their reports or by the share of their
// handling that was late (1 − 按期处置率).
type mapChart struct {
	Areas string    `json:"areas"` // where their boundaries come from (GeoJSON)
	Items []mapArea `json:"items"`
}

type mapArea struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Reported int64    `json:"reported"`
	Overdue  *float64 `json:"overdue"` // the share of handling due not done on time, in %: null when nothing was due
	Href     string   `json:"href"`
}

func chartValue(v indicators.Value) *float64 {
	if v.Undefined {
		return nil
	}
	x := float64(v.Hundredths) / 100
	return &x
}

// cell is the figure of code in a row, or nil.
func (g figureRow) cell(code string) *figureCell {
	for i := range g.Cells {
		if g.Cells[i].Def.Code == code {
			return &g.Cells[i]
		}
	}
	return nil
}

// ranking ranks the areas by code, best first, those with nothing to measure last.
func (c *dashCharts) ranking(lang i18n.Lang, t *figureTable, code string, href func(figureRow) string) {
	def := t.Catalogue.ByCode(code)
	rc := &rankChart{Name: def.Name(string(lang)), Unit: i18n.T(lang, "indicator_unit."+string(def.Unit))}
	for _, g := range t.Groups {
		x := g.cell(code)
		if x == nil || g.Own {
			continue
		}
		rc.Items = append(rc.Items, chartItem{Name: g.Name, Value: chartValue(x.Cur), Text: def.Format(x.Cur, string(lang)), Href: href(g)})
	}
	sort.SliceStable(rc.Items, func(i, j int) bool {
		a, b := rc.Items[i].Value, rc.Items[j].Value
		if a == nil || b == nil {
			return b == nil && a != nil
		}
		if def.LowerIsBetter {
			return *a < *b
		}
		return *a > *b
	})
	c.Ranking = rc
}

// areaMap colours the areas below node; its boundaries are those of the next level down.
func (c *dashCharts) areaMap(node *admin.Node, t *figureTable) {
	m := &mapChart{}
	level := admin.Level(admin.City)
	if node != nil {
		level = node.Level.Child()
		m.Areas = "/api/v1/map/areas?level=" + strconv.Itoa(int(level)) + "&under=" + strconv.FormatInt(node.ID, 10)
	} else {
		m.Areas = "/api/v1/map/areas?level=" + strconv.Itoa(int(level))
	}
	for _, g := range t.Groups {
		id, err := strconv.ParseInt(g.Key, 10, 64)
		if err != nil || g.Own {
			continue
		}
		a := mapArea{ID: id, Name: g.Name, Href: dashQuery(t.figureRequest, id, false)}
		if x := g.cell("reported"); x != nil {
			a.Reported = x.Cur.Num
		}
		if h := g.cell("handle_on_time_rate"); h != nil && h.Cur.Den > 0 {
			share := float64((h.Cur.Den-h.Cur.Num)*10000/h.Cur.Den) / 100
			a.Overdue = &share
		}
		m.Items = append(m.Items, a)
	}
	c.Map = m
}

// categories is the reports per category, the ten largest.
func (c *dashCharts) categories(lang i18n.Lang, t *figureTable) {
	def := t.Catalogue.ByCode("reported")
	bc := &barChart{Name: def.Name(string(lang))}
	for _, g := range t.Groups {
		if x := g.cell("reported"); x != nil && x.Cur.Num > 0 {
			bc.Items = append(bc.Items, chartItem{Name: g.Name, Value: chartValue(x.Cur), Text: def.Format(x.Cur, string(lang)),
				Href: "/dashboard/cases?" + x.CasesQuery})
		}
	}
	sort.SliceStable(bc.Items, func(i, j int) bool { return *bc.Items[i].Value > *bc.Items[j].Value })
	if len(bc.Items) > 10 {
		bc.Items = bc.Items[:10]
	}
	c.Categories = bc
}

// trend is each trend indicator per day of the period up to today, days with nothing
// counted as 0.
func (c *dashCharts) trend(lang i18n.Lang, p indicators.Period, today calendar.Date, t *figureTable) {
	tc := &trendChart{}
	at := map[string]int{}
	last := p.To
	if today.Before(last) {
		last = today
	}
	for d, i := p.From, 0; !last.Before(d); d, i = d.AddDays(1), i+1 {
		tc.Days = append(tc.Days, d.String())
		at[d.String()] = i
	}
	for _, def := range t.Codes {
		tc.Series = append(tc.Series, chartSeries{Name: def.Name(string(lang)), Data: make([]int64, len(tc.Days))})
	}
	for _, g := range t.Groups {
		i, ok := at[g.Key]
		if !ok {
			continue
		}
		for j, x := range g.Cells {
			tc.Series[j].Data[i] = x.Cur.Num
		}
	}
	c.Trend = tc
}
