package sitetest_test

import (
	"testing"
	"time"

	"xihuguide/generator/build"
	"xihuguide/generator/sitetest"
)

// Both fixtures are valid sites: every check of a build passes, every case.
func TestFixturesPassCheck(t *testing.T) {
	for name, files := range map[string]map[string]string{"minimal": sitetest.Minimal(), "rich": sitetest.Rich()} {
		root := sitetest.Write(t, files, "../..")
		if err := build.Check(build.Options{Root: root, AsOf: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
			t.Errorf("%s:\n%v", name, err)
		}
	}
}
