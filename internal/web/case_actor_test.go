package web

import (
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/store"
)

// TestActorLabel: a timeline names the system by the job that acted, in both languages,
// with no role (the system principal's admin role is not a person's), and people as
// before.
func TestActorLabel(t *testing.T) {
	tests := []struct {
		name           string
		ev             store.CaseEvent
		zh, en, zhRole string
	}{
		{"deadline warning", store.CaseEvent{Actor: "system:timer", Action: cases.ActWarn, Role: account.Admin},
			"系统（超时预警）", "System (deadline warning)", ""},
		{"deadline passed", store.CaseEvent{Actor: "system:timer", Action: cases.ActOverdue, Role: account.Admin},
			"系统（超时判定）", "System (deadline passed)", ""},
		{"urging", store.CaseEvent{Actor: "system:timer", Action: cases.ActUrge, Role: account.Admin},
			"系统（自动催办）", "System (automatic urging)", ""},
		{"supervision", store.CaseEvent{Actor: "system:timer", Action: cases.ActSupervise, Role: account.Admin},
			"系统（超期督办）", "System (supervision when overdue)", ""},
		{"another timer step", store.CaseEvent{Actor: "system:timers", Action: cases.ActComment, Role: account.Admin},
			"系统（计时器）", "System (deadline timer)", ""},
		{"automatic dispatch", store.CaseEvent{Actor: "system:dispatch", Action: cases.ActDispatch, Role: account.Admin},
			"系统（自动派遣）", "System (automatic dispatch)", ""},
		{"reopened when dissatisfied", store.CaseEvent{Actor: "system:reopen", Action: cases.ActReopen, Role: account.Admin},
			"系统（不满意重办）", "System (reopened when dissatisfied)", ""},
		{"demo history", store.CaseEvent{Actor: "system:demo", Action: cases.ActRegister, Role: account.Admin},
			"系统（演示数据）", "System (demo data)", ""},
		{"command line", store.CaseEvent{Actor: "system:cli", Action: cases.ActClose, Role: account.Admin},
			"系统（命令行）", "System (command line)", ""},
		{"the reporter's rating", store.CaseEvent{Actor: "system:reporter", Action: cases.ActRate, Role: account.Admin},
			"反映人", "The reporter", ""},
		{"another job", store.CaseEvent{Actor: "system:import", Action: cases.ActReport, Role: account.Admin},
			"系统", "The system", ""},
		{"a person by name", store.CaseEvent{Actor: "sq.staff", ActorName: "张敏", Action: cases.ActRegister, Role: account.Staff},
			"张敏", "张敏", "工作人员"},
		{"a resident", store.CaseEvent{Actor: "user:7", Action: cases.ActReport, Role: account.Resident},
			"反映人", "The reporter", "居民"},
		{"an anonymous report", store.CaseEvent{Actor: "anonymous", Action: cases.ActReport},
			"反映人", "The reporter", ""},
		{"an account without a display name", store.CaseEvent{Actor: "cgj.handler", Action: cases.ActAcknowledge, Role: account.Handler},
			"cgj.handler", "cgj.handler", "部门处置人员"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zh, zhRole := actorLabel(i18n.ZH, tt.ev)
			en, _ := actorLabel(i18n.EN, tt.ev)
			if zh != tt.zh || en != tt.en {
				t.Errorf("named %q / %q, want %q / %q", zh, en, tt.zh, tt.en)
			}
			if !strings.Contains(zhRole, tt.zhRole) || (tt.zhRole == "") != (zhRole == "") {
				t.Errorf("role %q, want %q", zhRole, tt.zhRole)
			}
			for _, s := range []string{zh, en} {
				if strings.Contains(s, "system:") || strings.HasPrefix(s, "desk.") {
					t.Errorf("shows an internal name: %q", s)
				}
			}
		})
	}
}
