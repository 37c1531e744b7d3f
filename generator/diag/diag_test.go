package diag

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLocate(t *testing.T) {
	src := []byte("a = 1\ntitle = \"西湖区\"x\n")
	tests := []struct {
		offset    int
		line, col int
		text      string
	}{
		{0, 1, 1, "a = 1"},
		{6, 2, 1, `title = "西湖区"x`},
		{strings.Index(string(src), "x\n"), 2, 14, `title = "西湖区"x`},
		{len(src) + 10, 3, 1, ""},
	}
	for _, tt := range tests {
		line, col, text := Locate(src, tt.offset)
		if line != tt.line || col != tt.col || text != tt.text {
			t.Errorf("Locate(%d) = %d, %d, %q; want %d, %d, %q", tt.offset, line, col, text, tt.line, tt.col, tt.text)
		}
	}
}

func TestByteColToChar(t *testing.T) {
	src := []byte("x\n标题：值\n")
	// "：" starts at byte 7 of line 2 (two 3-byte characters before it).
	if got := ByteColToChar(src, 2, 7); got != 3 {
		t.Errorf("ByteColToChar = %d, want 3", got)
	}
}

func TestReportPutsTheCaretUnderTheColumn(t *testing.T) {
	e := &Error{Position: Position{File: "f.toml", Line: 2, Col: 3}, Msg: "bad", Hint: "fix it", Text: "标题：值"}
	got := e.Report()
	want := "f.toml:2:3: error: bad\n    2 | 标题：值\n      |     ^\n  hint: fix it\n"
	if got != want {
		t.Errorf("Report() =\n%s\nwant\n%s", got, want)
	}
	if e.Error() != "f.toml:2:3: bad (fix it)" {
		t.Errorf("Error() = %q", e.Error())
	}
}

func TestListSortsAndFlattens(t *testing.T) {
	var l List
	l.Add(&Error{Position: Position{File: "b", Line: 1}, Msg: "1"})
	l.Add(List{{Position: Position{File: "a", Line: 9}, Msg: "2"}, {Position: Position{File: "a", Line: 2}, Msg: "3"}})
	l.Add(errors.New("plain"))
	l.Add(nil)
	err := l.Err()
	var got []string
	for _, e := range All(err) {
		got = append(got, e.Msg)
	}
	if strings.Join(got, ",") != "plain,3,2,1" {
		t.Errorf("order %v", got)
	}
	if (List{}).Err() != nil {
		t.Error("an empty list is an error")
	}
}

func TestClosest(t *testing.T) {
	known := []string{"service_amount", "paid_this_year", "annual_trade_amount"}
	for name, want := range map[string]string{"servce_amount": "service_amount", "paid_this_yaer": "paid_this_year", "revenue": ""} {
		got, ok := Closest(name, known)
		if got != want || ok != (want != "") {
			t.Errorf("Closest(%q) = %q, %v", name, got, ok)
		}
	}
}

// A line of megabytes is quoted around the column only, in a report and in
// JSON, with the caret still under the character at fault.
func TestLongLinesAreCut(t *testing.T) {
	line := strings.Repeat("a", 1<<20) + "X" + strings.Repeat("b", 1<<20)
	e := &Error{Position: Position{File: "f", Line: 3, Col: 1<<20 + 1}, Text: line, Msg: "bad X"}
	report := e.Report()
	if len(report) > 400 || !strings.Contains(report, "…"+strings.Repeat("a", 60)+"X"+strings.Repeat("b", 60)+"…") {
		t.Fatalf("report of %d bytes:\n%.500s", len(report), report)
	}
	lines := strings.Split(report, "\n")
	if utf8.RuneCountInString(lines[1][:strings.Index(lines[1], "X")]) != strings.Index(lines[2], "^") {
		t.Errorf("the caret is not under X:\n%s\n%s", lines[1], lines[2])
	}
	b, _ := json.Marshal(e)
	if len(b) > 400 || !strings.Contains(string(b), `"column":62`) {
		t.Errorf("JSON %s", b)
	}
}
