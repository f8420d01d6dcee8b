package web

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/i18n"
)

// TestPhotoPicker renders the photo-picker partial as a form shows it again after a
// failed submission: the photos already uploaded stay, the field's error shows under
// the picker, and the texts are in the page's language.
func TestPhotoPicker(t *testing.T) {
	s := &Server{}
	var err error
	if s.assets, err = newAssets(); err != nil {
		t.Fatal(err)
	}
	p, err := parsePages(s.funcs())
	if err != nil {
		t.Fatal(err)
	}
	f := &form{Values: url.Values{"photos": {"12", "13"}, "photos_claim": {"clm_a", ""}},
		Errors: map[string]string{"photos": "照片已失效或不属于您，请重新上传"}}
	cases := []struct {
		name string
		v    view
		want []string
		not  []string
	}{
		{"new form", view{Lang: i18n.ZH}, []string{`data-photo-picker`, `data-name="photos"`, `data-max="9"`, `accept="image/*"`,
			`capture="environment"`, `multiple`, `拍照`, `从相册选择`, `可拍照或从相册选择，最多 9 张`, `data-msg-full="已达到 9 张上限"`,
			s.assets.url("photos.js"), s.assets.url("photos.css"), `class="error photo-error" id="e-photos" role="alert" hidden`},
			[]string{`type="hidden"`, "has-error"}},
		{"failed submission", view{Lang: i18n.EN, Form: f}, []string{`<input type="hidden" name="photos" value="12">`,
			`<input type="hidden" name="photos" value="13">`, `<input type="hidden" name="photos_claim" value="clm_a">`,
			`<input type="hidden" name="photos_claim" value="">`, "has-error", "照片已失效或不属于您", `aria-describedby="f-photos-hint e-photos"`,
			"Take a photo", "Choose from album"}, []string{`id="e-photos" role="alert" hidden`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := p.sets["login"].ExecuteTemplate(&b, "photo-picker", map[string]any{"V": c.v, "Name": "photos"}); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			for _, w := range c.want {
				if !strings.Contains(out, w) {
					t.Errorf("missing %q in\n%s", w, out)
				}
			}
			for _, w := range c.not {
				if strings.Contains(out, w) {
					t.Errorf("unexpected %q", w)
				}
			}
		})
	}
}
