package diag

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every message and hint the generator's code writes has its Chinese: the
// formats are read from the source (the string given as an error's Msg or
// Hint, to the loaders' at and position, to diag.At and to the formula
// checker's errorf, or assigned to msg or hint), so that a new message
// without a translation fails here.
func TestEveryMessageHasItsChinese(t *testing.T) {
	formats := map[string]string{} // format → where
	filepath.Walk("..", func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") ||
			strings.Contains(p, "corpus") || strings.Contains(p, "browsertest") || strings.Contains(p, "sitetest") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		take := func(e ast.Expr) {
			if c, ok := e.(*ast.CallExpr); ok {
				if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(c.Args) > 0 {
					e = c.Args[0]
				}
			}
			if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
				// A piece added to a message ("; the page departs…") is
				// in the catalogue with the message it ends.
				if s, _ := strconv.Unquote(b.Value); s != "" && !strings.HasPrefix(s, " (") && !strings.HasPrefix(s, "; ") {
					formats[s] = fset.Position(b.Pos()).String()
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.KeyValueExpr:
				if k, ok := x.Key.(*ast.Ident); ok && (k.Name == "Msg" || k.Name == "Hint") {
					take(x.Value)
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if i >= len(x.Rhs) {
						break
					}
					switch l := l.(type) {
					case *ast.SelectorExpr:
						if l.Sel.Name == "Msg" || l.Sel.Name == "Hint" {
							take(x.Rhs[i])
						}
					case *ast.Ident:
						if l.Name == "msg" || l.Name == "hint" {
							take(x.Rhs[i])
						}
					}
				}
			case *ast.CallExpr:
				name := ""
				switch fn := x.Fun.(type) {
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				case *ast.Ident:
					name = fn.Name
				}
				// The helpers that make an error take its message and hint
				// among their arguments: every one with a space in it.
				switch name {
				case "at", "At", "errorf", "position", "refuse", "add":
					for _, a := range x.Args {
						if c, ok := a.(*ast.CallExpr); ok {
							if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(c.Args) > 0 {
								a = c.Args[0]
							}
						}
						if b, ok := a.(*ast.BasicLit); ok && b.Kind == token.STRING && strings.Contains(b.Value, " ") {
							take(a)
						}
					}
				}
			}
			return true
		})
		return nil
	})
	if len(formats) < 150 {
		t.Fatalf("only %d formats found: the source reader is broken", len(formats))
	}
	for format, where := range formats {
		if _, ok := zhCatalogue[format]; !ok {
			t.Errorf("%s: %q has no Chinese in zh.go", where, format)
		}
	}
}

func TestTranslate(t *testing.T) {
	for en, zh := range map[string]string{
		`unknown key "titel"`: `未知的键 "titel"`,
		`case "ten percent": 01-alpha.high: expected "500.00", got "1000.00"; 01-alpha.low: expected "500.00", got "1000.00"`: `用例 "ten percent"：01-alpha.high：预期 "500.00"，实际 "1000.00"；01-alpha.low：预期 "500.00"，实际 "1000.00"`,
		`measures.01-alpha.items[0].cost: an amount cannot be negative`:                                                       `measures.01-alpha.items[0].cost：金额不能为负`,
		`"award" cites clause "measure-7", which the policy does not have`:                                                    `"award" 引用的条款 "measure-7" 在政策中不存在`,
		`explain of "award" has no en text`:                                                                                   `"award" 的 explain 没有 en 文本`,
		`something the catalogue does not know`:                                                                               `something the catalogue does not know`,
	} {
		if got := Translate("zh", en); got != zh {
			t.Errorf("Translate(%q)\n got %q\nwant %q", en, got, zh)
		}
		if got := Translate("en", en); got != en {
			t.Errorf("in English %q became %q", en, got)
		}
	}
	e := (&Error{Position: Position{File: "f.toml", Line: 2, Col: 1}, Text: "titel = 1", Msg: `unknown key "titel"`, Hint: "check the spelling; the keys this file may hold are listed in README.md"}).In("zh")
	want := "f.toml:2:1: 错误：未知的键 \"titel\"\n    2 | titel = 1\n      | ^\n  提示：请检查拼写；本文件可用的键列在 README.md 中\n"
	if got := e.Report(); got != want {
		t.Errorf("report in Chinese:\n%s\nwant\n%s", got, want)
	}
}
