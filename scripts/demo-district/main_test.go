package main

import "testing"

func TestCommunityName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"路南社区居委会", "路南社区"},
		{"拙政园社区居民委员会", "拙政园社区"},
		{"梅巷村委会", "梅巷村"},
		{"梅花村民委员会", "梅花村"},
		{"多福巷居委会", "多福巷社区"},
		{"已是地名", "已是地名"},
	}
	for _, tt := range tests {
		if got := communityName(tt.in); got != tt.want {
			t.Errorf("communityName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
