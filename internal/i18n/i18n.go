// Package i18n is shequ's one translation catalogue: every text a person reads, in
// Simplified Chinese (the default) and English. The catalogue lives in messages/*.json,
// one file per area of the product, each mapping a key to its two translations.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Lang is a supported language.
type Lang string

// The supported languages.
const (
	ZH Lang = "zh-CN"
	EN Lang = "en"
)

// Langs lists the supported languages, the default first.
var Langs = []Lang{ZH, EN}

// Parse returns the supported language closest to s (a cookie value or an
// Accept-Language header), or the default.
func Parse(s string) Lang {
	for _, part := range strings.Split(s, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "zh"):
			return ZH
		case strings.HasPrefix(tag, "en"):
			return EN
		}
	}
	return ZH
}

//go:embed messages/*.json
var files embed.FS

var catalogue = mustLoad()

func mustLoad() map[string][2]string {
	c, err := load(files)
	if err != nil {
		panic(err)
	}
	return c
}

func load(fsys fs.FS) (map[string][2]string, error) {
	names, err := fs.Glob(fsys, "messages/*.json")
	if err != nil {
		return nil, err
	}
	out := map[string][2]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var m map[string][2]string
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		for k, v := range m {
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("%s: key %q defined twice", name, k)
			}
			out[k] = v
		}
	}
	return out, nil
}

// T translates key into lang, formatting args with fmt. Arguments that are errs.Message
// are translated first, so "%s is required" can name a translated thing. A missing key
// shows itself, which tests catch.
func T(lang Lang, key string, args ...any) string {
	v, ok := catalogue[key]
	if !ok {
		return key
	}
	s := v[0]
	if lang == EN && v[1] != "" {
		s = v[1]
	}
	if len(args) == 0 {
		return s
	}
	for i, a := range args {
		if m, ok := a.(errs.Message); ok {
			args[i] = Msg(lang, m)
		}
	}
	return fmt.Sprintf(s, args...)
}

// Msg translates a message.
func Msg(lang Lang, m errs.Message) string {
	args := append([]any(nil), m.Args...)
	return T(lang, m.Key, args...)
}

// Has reports whether the catalogue defines key.
func Has(key string) bool {
	_, ok := catalogue[key]
	return ok
}

// Keys returns every key in the catalogue, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalogue))
	for k := range catalogue {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Entry returns both translations of key.
func Entry(key string) (zh, en string) {
	v := catalogue[key]
	return v[0], v[1]
}
