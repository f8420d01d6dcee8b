package e2e

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/secret"
)

// TestResidentSignUp: a resident opens an account on a phone with the code the SMS
// sender delivered (the development sender writes it to the server's log), lands on the
// home page, signs out and signs in again with the new password.
func TestResidentSignUp(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.open("/login")
	p.click(`a[href="/signup"]`)
	if h := p.text("main h2"); h != "居民注册" {
		t.Fatalf("sign-up page heading: %q", h)
	}
	p.shot("form")

	// A number the demo never hands out (it uses 139…), different on each run.
	mobile := fmt.Sprintf("137%08d", time.Now().UnixNano()/1000%100000000)
	p.fill("#f-phone", mobile)
	p.click(`button[name="action"][value="code"]`)
	if got := p.text(".flash-success"); got != "验证码已发送，请查看短信" {
		t.Fatalf("after 获取验证码 the page says %q", got)
	}
	if got := p.eval(`document.querySelector("#f-phone").value`); got != mobile {
		t.Errorf("the phone field should keep %s, has %q", mobile, got)
	}
	code := smsCode(t, mobile)

	const name, password = "测试居民", "Resident-2026"
	p.fill("#f-code", code)
	p.fill("#f-display_name", name)
	p.fill("#f-password", password)
	p.fill("#f-password2", password)
	p.shot("filled")
	p.click(`button[name="action"][value="signup"]`)
	if p.path() != "/" {
		t.Fatalf("after 注册 the browser is at %s: %s", p.path(), firstLine(p.bodyText()))
	}
	if got := p.text(".flash"); got != "注册成功，欢迎使用" {
		t.Errorf("welcome message: %q", got)
	}
	if got := checkGreeting(p, "居民"); got != name {
		t.Errorf("greeting names %q, want %q", got, name)
	}
	if !strings.Contains(p.bodyText(), secret.MaskPhone(mobile)) {
		t.Errorf("home page should show the masked number %s", secret.MaskPhone(mobile))
	}
	p.checkTranslated()
	checkNoHorizontalScroll(p)
	p.shot("home")

	// Sign out from the menu, and back in with the new password.
	p.do("open the menu", tapAction("details.menu > summary"))
	p.tap(`form[action="/logout"] button`)
	if got := p.text(".flash"); got != "您已安全退出" || p.path() != "/login" {
		t.Errorf("after 退出: %s %q", p.path(), got)
	}
	p.mustLogin(mobile, password)
	if got := checkGreeting(p, "居民"); got != name {
		t.Errorf("after signing in again the greeting names %q", got)
	}
}

// TestSignUpErrors: a wrong code, and a number that already has an account, are told
// apart under the fields they concern.
func TestSignUpErrors(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.open("/signup")
	taken := account(t, "<resident>").Login
	p.fill("#f-phone", taken)
	p.click(`button[name="action"][value="code"]`)
	if strings.Contains(p.bodyText(), "秒后再获取验证码") {
		t.Skip("a code went to this number less than a minute ago (go test -count>1)")
	}
	if got := p.text(".flash-success"); got != "验证码已发送，请查看短信" {
		t.Fatalf("after 获取验证码 the page says %q", got)
	}
	code := smsCode(t, taken)
	wrong := code[:5] + string('0'+(code[5]-'0'+1)%10)
	p.fill("#f-code", wrong)
	p.fill("#f-display_name", "重复注册")
	p.fill("#f-password", "Resident-2026")
	p.fill("#f-password2", "Resident-2026")
	p.click(`button[name="action"][value="signup"]`)
	if got := p.text("#e-code"); got != "验证码不正确" {
		t.Errorf("with a wrong code the error under the code reads %q", got)
	}
	p.shot("wrong-code")

	p.fill("#f-code", code)
	p.fill("#f-password", "Resident-2026")
	p.fill("#f-password2", "Resident-2026")
	p.click(`button[name="action"][value="signup"]`)
	if got := p.text("#e-phone"); got != "该手机号已注册，请直接登录" {
		t.Errorf("for a registered number the error under the phone reads %q", got)
	}
	if p.exists(".user-name") {
		t.Errorf("signed in with a registered number")
	}
	p.shot("registered")
}

// smsCode reads the verification code the development SMS sender logged for mobile.
func smsCode(t *testing.T, mobile string) string {
	t.Helper()
	re := regexp.MustCompile(`sms.*to="?` + regexp.QuoteMeta(secret.MaskPhone(mobile)) + `"?.*验证码是 (\d{6})`)
	ctx, cancel := context.WithTimeout(context.Background(), actionTimeout)
	defer cancel()
	m, err := env.serverLog.waitFor(ctx, re)
	if err != nil {
		t.Fatalf("no verification code for %s in the server log: %v\n%s", mobile, err, tail(env.serverLog.String(), 10))
	}
	return m[1]
}
