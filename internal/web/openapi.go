package web

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// openAPI serves the OpenAPI 3.1 document built from the route table, so it lists
// exactly the routes that exist, with schemas derived from the Go types they exchange.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, s.OpenAPI())
	return nil
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)(\.\.\.)?\}`)

// OpenAPI returns the document as a JSON-ready map.
func (s *Server) OpenAPI() map[string]any {
	schemas := map[string]any{
		"Error": map[string]any{"type": "object", "required": []string{"error"}, "properties": map[string]any{
			"error": map[string]any{"type": "object", "required": []string{"code", "message"}, "properties": map[string]any{
				"code":    map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "forbidden", "unauthenticated", "too_many_requests", "too_large", "internal"}},
				"message": map[string]any{"type": "string", "description": "For people, in the caller's language"},
				"fields":  map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string"}, "description": "Per-field problems"},
			}}}},
	}
	paths := map[string]any{}
	for _, rt := range s.routes {
		if !rt.api || rt.doc == nil {
			continue
		}
		d := rt.doc
		op := map[string]any{"summary": d.Summary, "tags": []string{d.Tag},
			"operationId": operationID(rt.method, rt.path)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer"}})
		}
		for _, q := range d.Query {
			params = append(params, map[string]any{"name": q.Name, "in": "query", "description": q.Description, "schema": map[string]any{"type": q.Type}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if d.Request != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(d.Request), schemas)}}}
		}
		status := d.Status
		if status == 0 {
			status = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(status)}
		if d.Response != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(d.Response), schemas)}}
		}
		errResp := map[string]any{"description": "Error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
		op["responses"] = map[string]any{strconv.Itoa(status): ok, "default": errResp}
		if rt.public {
			op["security"] = []any{}
		}
		if rt.perm != "" {
			op["x-permission"] = string(rt.perm)
		}
		p := pathParam.ReplaceAllString(rt.path, "{$1}")
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		item[strings.ToLower(rt.method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "shequ API", "version": s.cfg.Version,
			"description": "JSON API of shequ, with the same authorisation as the web pages: a session cookie or an API token " +
				"(Authorization: Bearer shq_…). Errors have one format with field-level messages in zh-CN or English (Accept-Language)."},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "An API token issued by an administrator"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie},
			},
		},
		"security": []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}},
	}
}

func operationID(method, path string) string {
	parts := []string{strings.ToLower(method)}
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/api/v1/"), "/") {
		if m := pathParam.FindStringSubmatch(seg); m != nil {
			parts = append(parts, "by_"+m[1])
			continue
		}
		parts = append(parts, strings.ReplaceAll(strings.ReplaceAll(seg, ".", "_"), "-", "_"))
	}
	return strings.Join(parts, "_")
}

var timeType = reflect.TypeOf(time.Time{})

// schemaRef returns a schema for t, registering named struct types in schemas.
func schemaRef(t reflect.Type, schemas map[string]any) map[string]any {
	if t.Kind() == reflect.Pointer {
		return schemaRef(t.Elem(), schemas)
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Struct:
		name := t.Name()
		if _, done := schemas[name]; !done {
			schemas[name] = map[string]any{} // placeholder against recursion
			props := map[string]any{}
			var required []string
			for i := 0; i < t.NumField(); i++ {
				f := t.Field(i)
				if !f.IsExported() {
					continue
				}
				tag := f.Tag.Get("json")
				jname, opts, _ := strings.Cut(tag, ",")
				if jname == "-" {
					continue
				}
				if jname == "" {
					jname = f.Name
				}
				ps := schemaRef(f.Type, schemas)
				if d := f.Tag.Get("doc"); d != "" {
					ps = map[string]any{"allOf": []any{ps}, "description": d}
				}
				props[jname] = ps
				if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
					required = append(required, jname)
				}
			}
			s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
			if len(required) > 0 {
				s["required"] = required
			}
			schemas[name] = s
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}
