package web

import (
	"reflect"
	"testing"

	"github.com/shequ-dev/shequ/internal/i18n"
)

func TestErrorSummary(t *testing.T) {
	fields := formFields{"code", "field.code", "name", "field.name"}
	tests := []struct {
		name string
		v    view
		want []summaryItem
	}{
		{"no form", view{Lang: i18n.ZH, Fields: fields}, nil},
		{"shown fields in page order, then the rest plainly",
			view{Lang: i18n.ZH, Fields: fields, Form: &form{Errors: map[string]string{"version": "必填", "name": "必填", "code": "请输入数字"}}},
			[]summaryItem{{"代码", "请输入数字", "#f-code"}, {"名称", "必填", "#f-name"}, {"", "必填", ""}}},
		{"ids carry the form's prefix",
			view{Lang: i18n.EN, Fields: fields, IDPrefix: "child-", Form: &form{Errors: map[string]string{"name": "Required"}}},
			[]summaryItem{{"Name", "Required", "#f-child-name"}}},
		{"a form no longer on the page gets no links",
			view{Lang: i18n.ZH, Fields: fields, Detached: true, Form: &form{Errors: map[string]string{"name": "必填"}}},
			[]summaryItem{{"名称", "必填", ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.ErrorSummary(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
