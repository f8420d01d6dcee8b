package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/notify"
)

// sampleParams fills every parameter a template may use.
var sampleParams = map[string]string{"ticket": "GS20260302-0007", "category": "暴露垃圾", "unit": "平江街道城管中队",
	"reason": "不属于受理范围", "master": "GS20260301-0003", "note": "请联系物业服务中心", "stage_key": "notify.unread"}

func TestEveryTemplateRendersInBothLanguages(t *testing.T) {
	if len(notify.Templates) != 12 {
		t.Fatalf("%d templates, want the 12 steps of the loop", len(notify.Templates))
	}
	for _, tpl := range notify.Templates {
		m := notify.Message{Template: tpl.Key, Params: map[string]string{}}
		for _, p := range tpl.Params {
			m.Params[p] = sampleParams[p]
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", tpl.Key, err)
		}
		for _, lang := range i18n.Langs {
			for part, text := range map[string]string{"title": notify.Title(lang, m), "body": notify.Body(lang, m)} {
				key := tpl.Key + "." + part
				if !i18n.Has(key) {
					t.Errorf("%s: no catalogue entry", key)
					continue
				}
				if strings.ContainsAny(text, "{}") || strings.Contains(text, "%!") {
					t.Errorf("%s (%s): placeholder left in %q", key, lang, text)
				}
			}
			body := notify.Body(lang, m)
			for _, p := range tpl.Params {
				want := sampleParams[p]
				if strings.HasSuffix(p, "_key") {
					want = i18n.T(lang, want)
				}
				if !strings.Contains(body, want) {
					t.Errorf("%s (%s): body %q lacks %s %q", tpl.Key, lang, body, p, want)
				}
			}
			// Each template's texts use exactly the parameters it declares.
			zh, en := i18n.Entry(tpl.Key + ".body")
			for _, text := range []string{zh, en} {
				for _, p := range tpl.Params {
					if !strings.Contains(text, "{"+p+"}") {
						t.Errorf("%s: text %q does not use declared parameter %s", tpl.Key, text, p)
					}
				}
			}
		}
		if notify.Body(i18n.ZH, m) == notify.Body(i18n.EN, m) {
			t.Errorf("%s: the same text in both languages", tpl.Key)
		}
	}
}

func TestRenderKeepsParametersAsTyped(t *testing.T) {
	m := notify.Message{Template: notify.CaseRejected, Params: map[string]string{"ticket": "T1", "reason": "100% {ticket} %s 已处理"}}
	got := notify.Body(i18n.EN, m)
	if !strings.Contains(got, "Reason: 100% {ticket} %s 已处理") {
		t.Errorf("body = %q: the reason must appear exactly as typed", got)
	}
	if got := notify.Text(i18n.ZH, m); !strings.HasPrefix(got, "您反映的问题（编号 T1）不予立案") {
		t.Errorf("text = %q", got)
	}
}

func TestValidate(t *testing.T) {
	ok := map[string]string{"ticket": "T1"}
	for _, c := range []struct {
		name string
		m    notify.Message
		ok   bool
	}{
		{"valid", notify.Message{Template: notify.CaseClosed, Params: ok, Link: "/cases/1/rate"}, true},
		{"no link", notify.Message{Template: notify.CaseHandled, Params: ok}, true},
		{"unknown template", notify.Message{Template: "notify.nothing", Params: ok}, false},
		{"missing parameter", notify.Message{Template: notify.CaseRejected, Params: ok}, false},
		{"blank parameter", notify.Message{Template: notify.CaseRejected, Params: map[string]string{"ticket": "T1", "reason": "  "}}, false},
		{"absolute link", notify.Message{Template: notify.CaseClosed, Params: ok, Link: "https://evil.example/"}, false},
		{"scheme-relative link", notify.Message{Template: notify.CaseClosed, Params: ok, Link: "//evil.example/"}, false},
		{"backslash link", notify.Message{Template: notify.CaseClosed, Params: ok, Link: "/\\evil.example/"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if err := c.m.Validate(); (err == nil) != c.ok {
				t.Errorf("Validate() = %v, want ok=%v", err, c.ok)
			}
		})
	}
}

func TestLogsMaskPhoneAndOpenID(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	r := notify.Recipient{UserID: 3, Phone: "13912345678", OpenID: "oAbCdEfGhIjKlMn", Lang: i18n.EN}
	log.Info("notify", "to", r)
	_ = notify.LogWeChat{Logger: log}.SendTemplate(context.Background(), notify.WeChatMessage{OpenID: r.OpenID,
		TemplateID: notify.CaseClosed, Data: map[string]string{"ticket": "T1"}})
	out := buf.String() + r.String()
	for _, secret := range []string{"13912345678", "oAbCdEfGhIjKlMn"} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows %s in plain text:\n%s", secret, out)
		}
	}
	for _, want := range []string{"139****5678", notify.CaseClosed, "ticket"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}

func TestRecipientIsZero(t *testing.T) {
	if !(notify.Recipient{Lang: i18n.EN}).IsZero() {
		t.Error("a recipient with only a language reaches nobody")
	}
	for _, r := range []notify.Recipient{{UserID: 1}, {UnitID: 1}, {Phone: "13900000000"}, {OpenID: "o1"}} {
		if r.IsZero() {
			t.Errorf("%v reaches somebody", r)
		}
	}
}
