package site

import (
	"fmt"
	"sort"

	"xihuguide/generator/content"
)

// PortalView is the list of every policy, whole or filtered by one status
// or one kind of support. Each filter is a page of its own, so filters work
// without JavaScript; site.js filters in place when it runs.
type PortalView struct {
	Statuses []FilterLink
	Kinds    []FilterLink
	All      FilterLink
	Policies []*PortalItem
	Shown    int
}

// FilterLink is one choice of a filter.
type FilterLink struct {
	Key, Label, URL string
	Count           int
	Current         bool
}

// PortalItem is one policy in the list.
type PortalItem struct {
	Policy  *PolicyView
	Kinds   []string // labels
	KindIDs string   // space-separated, for the script's filter
	Hidden  bool     // left out by the page's filter
}

// kindsOf lists the kinds of support a policy's measures give, sorted.
func (b *builder) kindsOf(slug string) []string {
	suite := b.opts.Rules[slug]
	if suite == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, m := range suite.Program.Measures {
		for _, k := range m.Support {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// emitPortal renders /policies/ and a page per status and per kind.
func (b *builder) emitPortal(lang content.Language, tmpls templates, views []*PolicyView) {
	str := b.site.Strings[lang.Code]
	prefix := b.prefix(lang)
	kindCount := map[string]int{}
	statusCount := map[string]int{}
	var kinds []string
	for _, v := range views {
		statusCount[string(v.Status)]++
		for _, k := range b.kindsOf(v.Slug) {
			if kindCount[k] == 0 {
				kinds = append(kinds, k)
			}
			kindCount[k]++
		}
	}
	sort.Strings(kinds)
	render := func(path, filterKey string, keep func(v *PolicyView, kinds []string) bool) {
		pv := &PortalView{All: FilterLink{Key: "", Label: str["filter_all"], URL: prefix + "/policies/", Count: len(views), Current: filterKey == ""}}
		for _, st := range content.Statuses {
			key := "status:" + string(st)
			pv.Statuses = append(pv.Statuses, FilterLink{Key: string(st), Label: str["status_"+statusKey(st)],
				URL: prefix + "/policies/status/" + string(st) + "/", Count: statusCount[string(st)], Current: key == filterKey})
		}
		for _, k := range kinds {
			pv.Kinds = append(pv.Kinds, FilterLink{Key: k, Label: str["support_"+k], URL: prefix + "/policies/kind/" + k + "/",
				Count: kindCount[k], Current: "kind:"+k == filterKey})
		}
		for _, v := range views {
			ks := b.kindsOf(v.Slug)
			item := &PortalItem{Policy: v, Hidden: !keep(v, ks)}
			for _, k := range ks {
				item.Kinds = append(item.Kinds, str["support_"+k])
				if item.KindIDs != "" {
					item.KindIDs += " "
				}
				item.KindIDs += k
			}
			if !item.Hidden {
				pv.Shown++
			}
			pv.Policies = append(pv.Policies, item)
		}
		title := str["policies_title"]
		if filterKey != "" {
			for _, f := range append(append([]FilterLink{}, pv.Statuses...), pv.Kinds...) {
				if f.Current {
					title = fmt.Sprintf("%s · %s", str["policies_title"], f.Label)
				}
			}
		}
		b.emit(lang, tmpls, page{kind: "portal", path: path, title: title, description: str["policies_lead"], portal: pv,
			sources: []string{"content/policies"}})
	}
	render("/policies/", "", func(*PolicyView, []string) bool { return true })
	for _, st := range content.Statuses {
		st := st
		render("/policies/status/"+string(st)+"/", "status:"+string(st), func(v *PolicyView, _ []string) bool { return v.Status == st })
	}
	for _, k := range kinds {
		k := k
		render("/policies/kind/"+k+"/", "kind:"+k, func(_ *PolicyView, ks []string) bool {
			for _, x := range ks {
				if x == k {
					return true
				}
			}
			return false
		})
	}
}

func statusKey(s content.Status) string {
	switch s {
	case content.InForce:
		return "in_force"
	}
	return string(s)
}
