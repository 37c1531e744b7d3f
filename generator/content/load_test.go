package content

import (
	"strings"
	"testing"
	"time"
)

func TestStatusOnIncludesBothEnds(t *testing.T) {
	p := &Policy{Meta: PolicyMeta{
		InForceFrom:  time.Date(2025, 4, 13, 0, 0, 0, 0, time.UTC),
		InForceUntil: time.Date(2028, 4, 12, 0, 0, 0, 0, time.UTC),
	}}
	beijing := time.FixedZone("UTC+8", 8*3600)
	for day, want := range map[string]Status{
		"2025-04-12T23:59:59": NotYetInForce,
		"2025-04-13T00:00:00": InForce,
		"2028-04-12T23:59:59": InForce,
		"2028-04-13T00:00:00": Expired,
	} {
		tm, _ := time.ParseInLocation("2006-01-02T15:04:05", day, beijing)
		if got := p.StatusOn(tm); got != want {
			t.Errorf("StatusOn(%s) = %s, want %s", day, got, want)
		}
	}
}

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		src         string
		front, body string
		bodyLine    int
		err         string
	}{
		{"+++\na = 1\n+++\nbody\n", "a = 1\n", "body\n", 4, ""},
		{"just body\n", "", "just body\n", 1, ""},
		{"+++\r\na = 1\r\n+++\r\nbody\r\n", "a = 1\r\n", "body\r\n", 4, ""},
		{"+++\na = 1\nbody\n", "", "", 0, "front matter is not closed"},
		{"title = \"x\"\nsummary = \"y\"\n+++\nbody\n", "", "", 0, "the front matter has no opening +++ line"},
		{"just text\n+++\nmore\n", "", "just text\n+++\nmore\n", 1, ""},
		{"\ufeff+++\n+++\n", "", "", 0, "byte order mark"},
	}
	for _, tt := range tests {
		front, body, line, err := splitFrontMatter("f.md", []byte(tt.src))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%q: error %v, want %q", tt.src, err, tt.err)
			}
			continue
		}
		if err != nil || string(front) != tt.front || string(body) != tt.body || line != tt.bodyLine {
			t.Errorf("%q: got %q, %q, %d, %v", tt.src, front, body, line, err)
		}
	}
}

func TestNumbered(t *testing.T) {
	for name, want := range map[string]int{"01-budget": 1, "12-finance": 12, "7": 7, "x-1": 0, "0-zero": 0} {
		n, ok := numbered(name)
		if (want == 0) == ok || (ok && n != want) {
			t.Errorf("numbered(%q) = %d, %v", name, n, ok)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		src  string
		want []string // position and message of each
	}{
		{"title = \"（待填：标题）\"\n", []string{"f:1:10 placeholder （待填：标题） is still here"}},
		{"a\nb = \"x (to fill: Title) y\"\n", []string{"f:2:8 placeholder (to fill: Title) is still here"}},
		{"（待填：未闭合\n下一行\n", []string{"f:1:1 placeholder （待填：未闭合 is still here"}},
		{"（一）分组 (1) All （注）\n", nil},
		{"1、（待填：条文）\n2、（待填：另一条）\n", []string{"f:1:3 placeholder （待填：条文）", "f:2:3 placeholder （待填：另一条）"}},
	}
	for _, tt := range tests {
		got := Placeholders("f", []byte(tt.src))
		if len(got) != len(tt.want) {
			t.Errorf("%q: %d placeholders %v, want %d", tt.src, len(got), got, len(tt.want))
			continue
		}
		for i, e := range got {
			if s := e.Position.String() + " " + e.Msg; !strings.HasPrefix(s, tt.want[i]) {
				t.Errorf("%q: %s, want %s…", tt.src, s, tt.want[i])
			}
		}
	}
	if p := Placeholder("zh", "标题", "Title"); len(Placeholders("f", []byte(p))) != 1 {
		t.Errorf("Placeholder(zh) = %q is not found", p)
	}
	if p := Placeholder("en", "标题", "Title"); len(Placeholders("f", []byte(p))) != 1 {
		t.Errorf("Placeholder(en) = %q is not found", p)
	}
}
