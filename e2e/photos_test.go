package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/media/mediatest"
)

// pickerMarkup is what templates/_photos.html renders for (dict "V" $ "Name" "photos") on a
// Chinese page, without the asset tags, which the test adds by their plain names (no page
// carries the picker yet; the case report form will).
const pickerMarkup = `<form id="report" method="post" action="/nowhere">
<fieldset class="field photo-picker" id="f-photos" data-photo-picker data-name="photos" data-max="9"
  data-msg-uploading="正在上传" data-msg-failed="上传失败，请重试" data-msg-full="已达到 9 张上限"
  data-msg-remove="删除这张照片" data-msg-offline="网络连接中断，请稍后重试" data-msg-count="已添加 0 张，最多 9 张"
  aria-describedby="f-photos-hint">
  <legend>照片</legend>
  <div class="hint" id="f-photos-hint">可拍照或从相册选择，最多 9 张</div>
  <ul class="photo-list"></ul>
  <div class="photo-actions">
    <input class="sr-only" id="f-photos-camera" type="file" accept="image/*" capture="environment">
    <label class="btn btn-secondary photo-add" for="f-photos-camera">拍照</label>
    <input class="sr-only" id="f-photos-album" type="file" accept="image/*" multiple>
    <label class="btn btn-secondary photo-add" for="f-photos-album">从相册选择</label>
  </div>
  <div class="photo-count muted" aria-live="polite"></div>
  <div class="error photo-error" id="e-photos" role="alert" hidden></div>
</fieldset></form>`

// TestPhotoPicker: on a phone, a resident who is not signed in chooses two files for a
// report, a photo and a text file named .jpg: the photo uploads and shows its thumbnail,
// the text file is refused with a message under the picker, the form carries the photo's
// id and claim, and removing the photo takes them out again.
func TestPhotoPicker(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	photo := filepath.Join(dir, "IMG_0001.jpg")
	fake := filepath.Join(dir, "notes.jpg")
	if err := os.WriteFile(photo, mediatest.PhoneJPEG(t, 800, 600, 6), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fake, []byte("这不是照片"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := newPage(t, phone)
	if st := p.open("/login"); st != 200 {
		t.Fatalf("login page %d", st)
	}
	p.eval(`(() => {
		const l = document.createElement("link"); l.rel = "stylesheet"; l.href = "/static/photos.css"; document.head.appendChild(l);
		document.querySelector("main").insertAdjacentHTML("afterbegin", ` + js(pickerMarkup) + `);
		const s = document.createElement("script"); s.src = "/static/photos.js"; document.body.appendChild(s);
		return "ok";
	})()`)
	p.waitVisible(".photo-count")
	if got := p.text(".photo-count"); got != "已添加 0 张，最多 9 张" {
		t.Errorf("counter %q", got)
	}
	p.do("choose the files", chromedp.SetUploadFiles("#f-photos-album", []string{photo, fake}))
	p.waitVisible(".photo:not(.uploading) img")
	p.waitVisible("#e-photos")
	if got := p.text("#e-photos"); !strings.Contains(got, "只能上传 JPEG 或 PNG 格式的照片") {
		t.Errorf("error under the picker %q", got)
	}
	deadline := time.Now().Add(actionTimeout)
	for eval[int](p, `document.querySelector(".photo img").naturalWidth`) == 0 && time.Now().Before(deadline) {
		p.do("wait for the thumbnail", chromedp.Sleep(50*time.Millisecond))
	}
	if w, h := eval[int](p, `document.querySelector(".photo img").naturalWidth`), eval[int](p, `document.querySelector(".photo img").naturalHeight`); w != 240 || h != 320 {
		t.Errorf("thumbnail %d×%d, want the upright 240×320", w, h)
	}
	if got := p.eval(`new URLSearchParams(new FormData(document.querySelector("#report"))).toString()`); !strings.Contains(got, "photos=") || !strings.Contains(got, "photos_claim=clm_") {
		t.Errorf("form data %q", got)
	}
	if got := p.text(".photo-count"); got != "已添加 1 张，最多 9 张" {
		t.Errorf("counter %q", got)
	}
	if w := eval[float64](p, `document.querySelector(".photo-remove").getBoundingClientRect().width`); w < 44 {
		t.Errorf("remove button %.0f px wide, want at least 44", w)
	}
	p.shot("photo picker")
	p.do("remove the photo", chromedp.Tap(chromedp.CSS(".photo-remove")))
	if n := eval[int](p, `document.querySelectorAll("#report input[type=hidden]").length`); n != 0 {
		t.Errorf("%d hidden inputs left after removing the photo", n)
	}
}
