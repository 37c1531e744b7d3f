// Package corpus writes a realistic synthetic portal for benchmarks and
// scale tests: N policies of M measures each, in Chinese and English, with
// rules and test cases that pass, and the same Markdown laid out as a Hugo
// site so that both generators can be timed on the same text.
package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Options sizes the corpus.
type Options struct {
	Policies int
	Measures int // per policy
}

// Pages is how many HTML pages a site of this size has in both languages:
// per language, each policy's overview, full text, provisions, rules and
// self-check, its measures, and the home, about, 404, changes and policy
// index pages.
func (o Options) Pages() int { return 2 * (o.Policies*(5+o.Measures) + 5) }

// ForPages picks a corpus of about n pages with m measures a policy.
func ForPages(n, m int) Options {
	p := (n/2 - 5) / (5 + m)
	if p < 1 {
		p = 1
	}
	return Options{Policies: p, Measures: m}
}

type writer struct {
	root string
	err  error
}

func (w *writer) file(rel, text string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(text), 0o644)
}

// topics give the synthetic measures varied, realistic wording.
var topics = []struct{ zh, en, kind string }{
	{"算力券", "compute vouchers", "grant"},
	{"模型备案", "model filing", "award"},
	{"数据要素", "data elements", "award"},
	{"人才引进", "talent recruitment", "grant"},
	{"研发投入", "R&D spending", "grant"},
	{"首台套", "first-of-a-kind equipment", "grant"},
	{"股权投资", "equity investment", "equity"},
	{"融资担保", "financing guarantees", "guarantee"},
	{"公共服务平台", "public service platforms", "grant"},
	{"应用示范", "application demonstrations", "award"},
}

// Site writes a site for the generator under root (content/ only; layouts
// and assets are the caller's to copy).
func Site(root string, o Options) error {
	w := &writer{root: root}
	w.file("content/site.toml", `base_url = "https://portal.example.org/"
default_language = "zh"
home_policy = "policy-0001"

[[languages]]
code = "zh"
tag = "zh-CN"
name = "中文"
title = "政策门户"

[[languages]]
code = "en"
tag = "en"
name = "English"
title = "Policy portal"
`)
	for _, lang := range []string{"zh", "en"} {
		title := map[string]string{"zh": "关于", "en": "About"}[lang]
		w.file("content/pages/about."+lang+".md", "+++\ntitle = \""+title+"\"\n+++\n"+title+"\n")
		nf := map[string]string{"zh": "找不到页面", "en": "Not found"}[lang]
		w.file("content/pages/404."+lang+".md", "+++\ntitle = \""+nf+"\"\n+++\n[/](/)\n")
	}
	for i := 1; i <= o.Policies; i++ {
		writePolicy(w, i, o.Measures)
	}
	return w.err
}

func writePolicy(w *writer, i, measures int) {
	slug := fmt.Sprintf("policy-%04d", i)
	dir := "content/policies/" + slug
	year := 2023 + i%4
	from := fmt.Sprintf("%d-%02d-01", year, 1+i%12)
	until := fmt.Sprintf("%d-%02d-28", year+3, 1+i%12)
	var groups strings.Builder
	nums := make([]string, measures)
	for m := range nums {
		nums[m] = fmt.Sprint(m + 1)
	}
	fmt.Fprintf(&groups, "[[groups]]\ntitle = { zh = \"（一）支持措施\", en = \"(1) Measures\" }\nmeasures = [%s]\n", strings.Join(nums, ", "))
	w.file(dir+"/policy.toml", fmt.Sprintf(`title.zh = "第%[1]d号产业政策若干措施"
title.en = "Industry policy %[1]d: measures"
short_title.zh = "产业政策%[1]d"
short_title.en = "Industry policy %[1]d"
summary.zh = "支持企业的%[2]d条措施。"
summary.en = "%[2]d measures to support enterprises."
issuer.zh = "某区经信局"
issuer.en = "District Bureau of Economy and IT"
addressed_to.zh = "各单位"
addressed_to.en = "All units"
interpreted_by.zh = "某区经信局"
interpreted_by.en = "District Bureau of Economy and IT"
source.zh = "合成语料"
source.en = "Synthetic corpus"
dated = %[3]s
in_force_from = %[3]s
in_force_until = %[4]s

[headings]
scope = { zh = "一、支持对象", en = "I. Who is supported" }
measures = { zh = "二、扶持政策", en = "II. Support measures" }
provisions = { zh = "三、附则", en = "III. Supplementary provisions" }

%[5]s`, i, measures, from, until, groups.String()))
	for _, lang := range []string{"zh", "en"} {
		text := map[string]string{"zh": "各单位：现将本措施印发给你们，请认真组织实施。", "en": "To all units: these measures are issued to you for implementation."}[lang]
		w.file(dir+"/notice."+lang+".md", text+"\n")
		w.file(dir+"/preamble."+lang+".md", map[string]string{"zh": "为支持产业发展，特制定本措施。", "en": "These measures support the industry."}[lang]+"\n")
		w.file(dir+"/scope."+lang+".md", map[string]string{"zh": "本措施支持在本区经营的企业。", "en": "These measures support enterprises operating in the district."}[lang]+"\n")
		w.file(dir+"/provisions/01-dates."+lang+".md", fmt.Sprintf("+++\ntitle = \"%s\"\n+++\n%s\n",
			map[string]string{"zh": "施行日期", "en": "Dates in force"}[lang],
			map[string]string{"zh": fmt.Sprintf("1、本措施自%s起施行，有效期至%s。", from, until), "en": fmt.Sprintf("1\\. In force from %s until %s.", from, until)}[lang]))
	}
	w.file(dir+"/rules.toml", fmt.Sprintf(`[[flags]]
id = "review"
label.zh = "由评审决定"
label.en = "decided by review"

[[inputs]]
id = "application_date"
type = "date"
label.zh = "申报日期"
label.en = "Date of application"

[[gates]]
id = "in-force"
when = "application_date >= %[1]s and application_date <= %[2]s"
clause = "provision-1"
explain.zh = "在施行期内"
explain.en = "Within the period in force"

[[every_item.inputs]]
id = "received"
type = "money"
default = "0"
label.zh = "已获资助（元）"
label.en = "Already received (yuan)"

[[every_item.steps]]
id = "net"
value = "max(0, award - received)"
clause = "provision-1"
explain.zh = "扣除已获资助"
explain.en = "Less support already received"

[[notes]]
id = "estimate"
clause = "provision-1"
text.zh = "仅为估算。"
text.en = "An estimate only."

[case_defaults]
application_date = %[1]s

[[cases]]
name = "outside the period in force"
answers = { application_date = 2001-01-01 }
expect = { eligible = false, failed_gates = ["in-force"] }
`, from, until))
	for m := 1; m <= measures; m++ {
		writeMeasure(w, dir, i, m)
	}
}

func writeMeasure(w *writer, dir string, policy, m int) {
	t := topics[(policy+m)%len(topics)]
	rate := 10 + (policy*7+m*3)%41     // 10% to 50%
	capWan := 10 * (1 + (policy+m)%20) // 10万 to 200万
	threshold := 10 * (1 + m%10)       // 10万 to 100万
	mdir := fmt.Sprintf("%s/measures/%02d-%s", dir, m, strings.ReplaceAll(strings.ToLower(t.en), " ", "-"))
	mdir = strings.ReplaceAll(mdir, "&", "and")
	zh := measureBody("zh", m, t.zh, rate, capWan, threshold)
	en := measureBody("en", m, t.en, rate, capWan, threshold)
	w.file(mdir+"/index.zh.md", fmt.Sprintf("+++\ntitle = \"支持%s\"\nsummary = \"费用的%d%%，最高%d万元\"\nqualifies = [\"年度费用达%d万元以上的企业\"]\nreading = \"\"\"\n“以上”含本数。\n\"\"\"\n\n[[amounts]]\nitem = \"每个项目\"\naward = \"费用的%d%%\"\ncap = \"%d万元\"\n+++\n%s",
		t.zh, rate, capWan, threshold, rate, capWan, zh))
	w.file(mdir+"/index.en.md", fmt.Sprintf("+++\ntitle = \"Support for %s\"\nsummary = \"%d%% of the cost, up to CNY %d0,000\"\nqualifies = [\"Enterprises spending at least CNY %d0,000 a year\"]\nreading = \"\"\"\n\"At least\" includes the figure itself.\n\"\"\"\n\n[[amounts]]\nitem = \"Each project\"\naward = \"%d%% of the cost\"\ncap = \"CNY %d0,000\"\n+++\n%s",
		t.en, rate, capWan, threshold, rate, capWan, en))
	w.file(mdir+"/rules.toml", fmt.Sprintf(`kind = "cash"
ask.zh = "是否有%[1]s项目？"
ask.en = "Do you have %[2]s projects?"

[item]
name.zh = "项目"
name.en = "Project"

[[item.inputs]]
id = "cost"
type = "money"
label.zh = "年度费用（元）"
label.en = "Annual cost (yuan)"

[[item.conditions]]
id = "threshold"
when = "cost >= %[3]d万"
clause = "measure-%[6]d"
explain.zh = "年度费用达%[3]d万元以上"
explain.en = "Annual cost of at least CNY %[3]d0,000"

[[item.steps]]
id = "award"
value = "min(cost * %[4]d%%, %[5]d万)"
clause = "measure-%[6]d"
explain.zh = "费用的%[4]d%%，最高%[5]d万元"
explain.en = "%[4]d%% of the cost, at most CNY %[5]d0,000"

[[cases]]
name = "at the threshold"
items = [{ cost = "%[3]d0000" }]
expect = { status = "eligible" }

[[cases]]
name = "just below the threshold"
items = [{ cost = "%[7]s" }]
expect = { status = "ineligible", failed = ["threshold"] }
`, t.zh, t.en, threshold, rate, capWan, m, fmt.Sprintf("%d9999.99", threshold-1)))
}

// measureBody is about 1.5 KB of Markdown with a list and a table, the
// shape of a real measure page.
func measureBody(lang string, m int, topic string, rate, capWan, threshold int) string {
	var b strings.Builder
	if lang == "zh" {
		fmt.Fprintf(&b, "%d、支持%s。鼓励企业加大%s投入，对年度费用达%d万元以上的项目，按费用的%d%%给予资助，每个项目最高%d万元。\n\n", m, topic, topic, threshold, rate, capWan)
		b.WriteString("申报材料：\n\n- 企业营业执照和近三年财务报表；\n- 项目合同、发票及付款凭证；\n- 项目实施情况说明和成效证明；\n- 其他需要提供的材料。\n\n")
		b.WriteString("| 档次 | 比例 | 上限 |\n|---|---|---|\n")
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&b, "| 第%d档 | %d%% | %d万元 |\n", i, rate/i, capWan/i)
		}
		b.WriteString("\n同一项目已获其他资助的，按就高不重复原则执行。资助资金由区财政统筹安排，以当年度预算为限。企业应对申报材料的真实性负责，如发现弄虚作假，取消申报资格并追回已拨付资金。\n\n")
		b.WriteString("本条所称费用，是指企业在申报年度内实际支付、取得合法凭证的费用，不含税费和关联交易金额。年度以自然年计算。评审由主管部门会同有关部门组织，必要时委托第三方机构进行审核。\n")
	} else {
		fmt.Fprintf(&b, "%d\\. Support for %s. Enterprises are encouraged to invest more in %s. A project with an annual cost of at least CNY %d0,000 receives %d%% of the cost, up to CNY %d0,000 per project.\n\n", m, topic, topic, threshold, rate, capWan)
		b.WriteString("Application materials:\n\n- the business licence and financial statements of the last three years;\n- the project's contracts, invoices and proof of payment;\n- a report on the project and its results;\n- any other materials required.\n\n")
		b.WriteString("| Tier | Rate | Cap |\n|---|---|---|\n")
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&b, "| Tier %d | %d%% | CNY %d0,000 |\n", i, rate/i, capWan/i)
		}
		b.WriteString("\nA project already funded elsewhere is funded once, at the highest amount. Funds come from the district budget of the year. Applicants answer for the truth of their materials; false applications are disqualified and repaid.\n\n")
		b.WriteString("Cost here means what the enterprise actually paid in the year of application, with lawful receipts, excluding taxes and related-party amounts. The year is the calendar year. The competent department organises the review, with third-party auditors where needed.\n")
	}
	return b.String()
}

// CopyDir copies the folder from, with everything in it, to the folder to:
// a corpus takes its layouts and assets from a real site.
func CopyDir(from, to string) error {
	return filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if info.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
