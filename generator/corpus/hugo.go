package corpus

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// The Hugo theme renders the same page kinds as our layouts, in the same
// frame (head, header, language switch, policy navigation, breadcrumbs,
// status, footer), with partialCached where our build caches, so that a
// race between the two compares equal work.
//
//go:embed all:hugotheme
var hugoTheme embed.FS

// Hugo writes the corpus as a Hugo site under root: the same Markdown, the
// measures' rules as front matter (what a Hugo site would keep there), and
// the UI strings of the site at siteRoot as Hugo's i18n files.
func Hugo(root, siteRoot string, o Options) error {
	w := &writer{root: root}
	w.file("hugo.toml", `baseURL = "https://portal.example.org/"
defaultContentLanguage = "zh"
disableKinds = ["taxonomy", "term", "RSS"]
[languages]
  [languages.zh]
    languageName = "中文"
    title = "政策门户"
    weight = 1
    contentDir = "content/zh"
    [languages.zh.params]
      tag = "zh-CN"
      locale = "zh_CN"
  [languages.en]
    languageName = "English"
    title = "Policy portal"
    weight = 2
    contentDir = "content/en"
    [languages.en.params]
      tag = "en"
      locale = "en"
[markup.goldmark.renderer]
  unsafe = false
`)
	if err := fs.WalkDir(hugoTheme, "hugotheme", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := hugoTheme.ReadFile(p)
		w.file(strings.TrimPrefix(p, "hugotheme/"), string(b))
		return err
	}); err != nil {
		return err
	}
	strs := map[string]map[string]string{}
	for _, lang := range []string{"zh", "en"} {
		b, err := os.ReadFile(filepath.Join(siteRoot, "content", "i18n", lang+".toml"))
		if err != nil {
			return err
		}
		w.file("i18n/"+lang+".toml", string(b))
		all := map[string]string{}
		if err := toml.Unmarshal(b, &all); err != nil {
			return err
		}
		strs[lang] = map[string]string{}
		for k, v := range all {
			for _, prefix := range []string{"check_", "err_", "result_", "money_", "measure_number"} {
				if strings.HasPrefix(k, prefix) {
					strs[lang][k] = v
				}
			}
		}
	}
	b, _ := json.Marshal(strs)
	w.file("data/strings.json", string(b))
	w.file("static/favicon.svg", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16"/></svg>`)
	for _, lang := range []string{"zh", "en"} {
		zh := lang == "zh"
		pick := func(z, e string) string {
			if zh {
				return z
			}
			return e
		}
		c := "content/" + lang + "/"
		w.file(c+"_index.md", "+++\ntitle = \""+pick("政策门户", "Policy portal")+"\"\n+++\n")
		w.file(c+"policies/_index.md", "+++\ntitle = \""+pick("全部政策", "All policies")+"\"\n+++\n")
		for i := 1; i <= o.Policies; i++ {
			slug := fmt.Sprintf("policy-%04d", i)
			year := 2023 + i%4
			from := fmt.Sprintf("%d-%02d-01", year, 1+i%12)
			until := fmt.Sprintf("%d-%02d-28", year+3, 1+i%12)
			dir := c + "policies/" + slug + "/"
			short := pick(fmt.Sprintf("产业政策%d", i), fmt.Sprintf("Industry policy %d", i))
			common := fmt.Sprintf("policy = %q\npolicy_title = %q\nscope_heading = %q\n", slug, short, pick("一、支持对象", "I. Who is supported"))
			w.file(dir+"_index.md", fmt.Sprintf("+++\ntitle = %q\nlayout = \"overview\"\n%sshort_title = %q\nsummary = %q\nissuer = %q\ndated = %q\nin_force_from = %q\nin_force_until = %q\nversion = \"%016x\"\ndate_label = %q\nnote = %q\n+++\n",
				pick(fmt.Sprintf("第%d号产业政策若干措施", i), fmt.Sprintf("Industry policy %d: measures", i)), common, short,
				pick(fmt.Sprintf("支持企业的%d条措施。", o.Measures), fmt.Sprintf("%d measures to support enterprises.", o.Measures)),
				pick("某区经信局", "District Bureau of Economy and IT"), from, from, until, i*7919, pick("申报日期", "Date of application"), pick("仅为估算。", "An estimate only.")))
			w.file(dir+"text.md", fmt.Sprintf("+++\ntitle = %q\nlayout = \"text\"\n%s+++\n%s\n\n%s\n\n%s\n", pick("政策全文", "Full text"), common,
				pick("各单位：现将本措施印发给你们，请认真组织实施。", "To all units: these measures are issued to you for implementation."),
				pick("为支持产业发展，特制定本措施。", "These measures support the industry."),
				pick("本措施支持在本区经营的企业。", "These measures support enterprises operating in the district.")))
			w.file(dir+"provisions.md", fmt.Sprintf("+++\ntitle = %q\nlayout = \"provisions\"\n%s+++\n%s\n", pick("附则", "Supplementary provisions"), common,
				pick(fmt.Sprintf("1、本措施自%s起施行，有效期至%s。", from, until), fmt.Sprintf("1\\. In force from %s until %s.", from, until))))
			w.file(dir+"rules.md", fmt.Sprintf("+++\ntitle = %q\nlayout = \"rules\"\n%s+++\n", pick("自助测算如何计算", "How the self-check works it out"), common))
			w.file(dir+"check.md", fmt.Sprintf("+++\ntitle = %q\nlayout = \"check\"\n%s+++\n", pick("自助测算", "Self-check"), common))
			w.file(dir+"measures/_index.md", "+++\ntitle = \"measures\"\n[_build]\nrender = \"never\"\n+++\n")
			for m := 1; m <= o.Measures; m++ {
				t := topics[(i+m)%len(topics)]
				rate := 10 + (i*7+m*3)%41
				capWan := 10 * (1 + (i+m)%20)
				threshold := 10 * (1 + m%10)
				topic := pick(t.zh, t.en)
				name := fmt.Sprintf("%02d-%s", m, strings.ReplaceAll(strings.ReplaceAll(strings.ToLower(t.en), " ", "-"), "&", "and"))
				fm := fmt.Sprintf(`title = %q
layout = "measure"
weight = %d
number = %d
%sgroup = %q
summary = %q
ask = %q
item_name = %q
qualifies = [%q]
reading = %q
amounts = [{ item = %q, award = %q, cap = %q }]
inputs = [{ id = "cost", type = "money", label = %q }]
conditions = [{ id = "threshold", when = "cost >= %d万", explain = %q }]
steps = [{ id = "award", value = "min(cost * %d%%, %d万)", explain = %q }]
cases = [{ name = "at the threshold", items = "cost = %d0000", expect = "eligible" }, { name = "just below the threshold", items = "cost = %d9999.99", expect = "ineligible: threshold" }]
`, pick("支持"+topic, "Support for "+topic), m, m, common, pick("（一）支持措施", "(1) Measures"),
					pick(fmt.Sprintf("费用的%d%%，最高%d万元", rate, capWan), fmt.Sprintf("%d%% of the cost, up to CNY %d0,000", rate, capWan)),
					pick("是否有"+topic+"项目？", "Do you have "+topic+" projects?"), pick("项目", "Project"),
					pick(fmt.Sprintf("年度费用达%d万元以上的企业", threshold), fmt.Sprintf("Enterprises spending at least CNY %d0,000 a year", threshold)),
					pick("“以上”含本数。", "\"At least\" includes the figure itself."),
					pick("每个项目", "Each project"), pick(fmt.Sprintf("费用的%d%%", rate), fmt.Sprintf("%d%% of the cost", rate)), pick(fmt.Sprintf("%d万元", capWan), fmt.Sprintf("CNY %d0,000", capWan)),
					pick("年度费用（元）", "Annual cost (yuan)"),
					threshold, pick(fmt.Sprintf("年度费用达%d万元以上", threshold), fmt.Sprintf("Annual cost of at least CNY %d0,000", threshold)),
					rate, capWan, pick(fmt.Sprintf("费用的%d%%，最高%d万元", rate, capWan), fmt.Sprintf("%d%% of the cost, at most CNY %d0,000", rate, capWan)),
					threshold, threshold-1)
				w.file(dir+"measures/"+name+".md", "+++\n"+fm+"+++\n"+measureBody(lang, m, topic, rate, capWan, threshold))
			}
		}
		for _, page := range []struct{ name, zh, en string }{{"about", "关于本站", "About"}, {"changes", "更新记录", "Changes"}} {
			w.file(c+page.name+".md", "+++\ntitle = \""+pick(page.zh, page.en)+"\"\n+++\n"+pick(page.zh, page.en)+"\n")
		}
		w.file(c+"search.md", "+++\ntitle = \""+pick("搜索", "Search")+"\"\nlayout = \"search\"\n+++\n")
	}
	return w.err
}
