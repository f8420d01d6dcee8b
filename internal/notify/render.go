package notify

import (
	"sort"
	"strings"

	"github.com/shequ-dev/shequ/internal/i18n"
)

// Title renders a message's title in lang.
func Title(lang i18n.Lang, m Message) string { return render(lang, m.Template+".title", m.Params) }

// Body renders a message's body in lang.
func Body(lang i18n.Lang, m Message) string { return render(lang, m.Template+".body", m.Params) }

// Text is the text message for m: the body alone, which names the ticket, so a caller
// can look the case up on the public tracking page.
func Text(lang i18n.Lang, m Message) string { return Body(lang, m) }

// render fills the {name} placeholders of a catalogue text. The texts carry no fmt
// verbs, so a parameter holding "%" or "{x}" is shown as typed and never re-expanded.
func render(lang i18n.Lang, key string, params map[string]string) string {
	text := i18n.T(lang, key)
	if len(params) == 0 || !strings.Contains(text, "{") {
		return text
	}
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	pairs := make([]string, 0, 2*len(names))
	for _, k := range names {
		v := params[k]
		if strings.HasSuffix(k, "_key") && i18n.Has(v) {
			v = i18n.T(lang, v)
		}
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}
