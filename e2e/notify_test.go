package e2e

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/demo"
)

// TestNotificationBell: on a 360 px phone, in normal and large text, the bell sits in
// the top bar beside the menu button without covering it, leads to the notification
// list, and nothing sticks out of the screen.
func TestNotificationBell(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	a := account(t, "<resident>")
	p.mustLogin(a.Login, demo.Password)
	for _, mode := range []string{"normal", "large", "large-en"} {
		switch mode {
		case "large":
			p.open("/prefs?text=large&next=/")
		case "large-en":
			p.open("/prefs?lang=en&next=/")
		}
		if !p.visible("header a.bell") {
			t.Fatalf("%s text: no bell in the top bar", mode)
		}
		if clash := p.eval(`(() => {
			const a = document.querySelector("header a.bell").getBoundingClientRect(),
			      b = document.querySelector("details.menu > summary").getBoundingClientRect(),
			      c = document.querySelector("header .brand").getBoundingClientRect();
			const hit = (x, y) => x.left < y.right && y.left < x.right && x.top < y.bottom && y.top < x.bottom;
			return String(hit(a, b) || hit(a, c) || a.top >= c.bottom);
		})()`); clash != "false" {
			t.Errorf("%s text: the bell overlaps the menu button or the brand, or falls to a row of its own", mode)
		}
		if h := eval[float64](p, `document.querySelector("header a.bell").getBoundingClientRect().height`); h < 40 {
			t.Errorf("%s text: the bell is %.0f px tall, too small to tap", mode, h)
		}
		checkNoHorizontalScroll(p)
		p.tap("header a.bell")
		if p.path() != "/notifications" || p.text("main h1") != map[bool]string{true: "Notifications", false: "消息通知"}[mode == "large-en"] {
			t.Errorf("%s text: the bell leads to %s (%q)", mode, p.path(), p.text("main h1"))
		}
		checkNoHorizontalScroll(p)
		p.shot("notifications-" + mode)
	}
	// On a desktop the bell stands on the bar's row, after the navigation.
	d := newPage(t, desktop)
	d.mustLogin(a.Login, demo.Password)
	if after := d.eval(`(() => {
		const b = document.querySelector("header a.bell").getBoundingClientRect(),
		      n = document.querySelector("nav.mainnav").getBoundingClientRect();
		return String(b.left >= n.right && b.top < n.bottom);
	})()`); after != "true" {
		t.Errorf("desktop: the bell is not on the bar after the navigation")
	}
	d.shot("desktop")
}
