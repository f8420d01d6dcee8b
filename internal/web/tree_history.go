package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/i18n"
)

// historyItem is one change to a node or unit, as its page tells it.
type historyItem struct {
	At      time.Time
	Actor   string
	Action  string   // translated
	Changes []string // translated "field: old → new" lines
}

// historyFields are the detail keys the audit log records for nodes and units, in the
// order a page lists them.
var historyFields = []string{"name", "code", "level", "kind", "parent_id", "parent", "node_id", "phone"}

// historyItems reads the history of a node or unit (entity "node" or "unit") for its page.
func (s *Server) historyItems(r *http.Request, entity string, id int64) ([]historyItem, error) {
	st := state(r)
	entries, err := s.db.History(r.Context(), st.p, entity, id, 50)
	if err != nil {
		return nil, err
	}
	details := make([]map[string][2]string, len(entries))
	var ids []int64
	for i, e := range entries {
		details[i] = historyDetail(e)
		for _, k := range []string{"parent_id", "parent", "node_id"} {
			for _, v := range details[i][k] {
				if n, err := strconv.ParseInt(v, 10, 64); err == nil {
					ids = append(ids, n)
				}
			}
		}
	}
	names, err := s.db.NodeNames(r.Context(), st.p, treeUniqueIDs(ids))
	if err != nil {
		return nil, err
	}
	lang := st.lang
	value := func(field, v string) string {
		if v == "" {
			return "—"
		}
		switch field {
		case "level":
			if n, err := strconv.Atoi(v); err == nil {
				return i18n.T(lang, admin.Level(n).Key())
			}
		case "kind":
			if k := admin.UnitKind(v); k.Valid() {
				return i18n.T(lang, k.Key())
			}
		case "parent_id", "parent", "node_id":
			n, _ := strconv.ParseInt(v, 10, 64)
			if n == 0 {
				return "—"
			}
			if name, ok := names[n]; ok {
				return name
			}
			return "#" + v
		}
		return v
	}
	out := make([]historyItem, len(entries))
	for i, e := range entries {
		key := "tree.history." + e.Action
		action := e.Action
		if i18n.Has(key) {
			action = i18n.T(lang, key)
		}
		it := historyItem{At: e.At, Actor: e.Actor, Action: action}
		for _, field := range historyFields {
			pair, ok := details[i][field]
			if !ok {
				continue
			}
			label := i18n.T(lang, "tree.history.field."+field)
			switch {
			case pair[0] == pair[1]:
				continue // an edit that left this field as it was
			case pair[0] == "\x00":
				it.Changes = append(it.Changes, label+i18n.T(lang, "punct.colon")+value(field, pair[1]))
			default:
				it.Changes = append(it.Changes, label+i18n.T(lang, "punct.colon")+value(field, pair[0])+" → "+value(field, pair[1]))
			}
		}
		out[i] = it
	}
	return out, nil
}

// historyDetail turns an entry's JSON detail into field → [old, new]; a value that was
// set rather than changed has old "\x00". A move's from_parent and to_parent become the
// pair of "parent".
func historyDetail(e *audit.Entry) map[string][2]string {
	out := map[string][2]string{}
	if e.Detail == "" {
		return out
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(e.Detail), &raw); err != nil {
		return out
	}
	scalar := func(m json.RawMessage) string {
		var s string
		if json.Unmarshal(m, &s) == nil {
			return s
		}
		return strings.TrimSpace(string(m))
	}
	for k, m := range raw {
		var pair []json.RawMessage
		if json.Unmarshal(m, &pair) == nil && len(pair) == 2 {
			out[k] = [2]string{scalar(pair[0]), scalar(pair[1])}
			continue
		}
		out[k] = [2]string{"\x00", scalar(m)}
	}
	if from, ok := out["from_parent"]; ok {
		out["parent"] = [2]string{from[1], out["to_parent"][1]}
	}
	if e.Action == "node.create" && out["parent_id"][1] == "0" {
		delete(out, "parent_id")
	}
	return out
}
