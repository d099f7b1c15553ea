// This file decides which documents are active: Spring's profile
// expressions (prod, !prod, a & b, a | b, parentheses, comma lists), the
// active profile list with includes and groups, and cloud platform
// detection for spring.config.activate.on-cloud-platform.

package spring

import (
	"fmt"
	"strings"
)

// profileMatch reports whether any of the comma-separated expressions of
// on (spring.config.activate.on-profile) accepts the active profiles.
func profileMatch(on string, active []string) (bool, error) {
	set := map[string]bool{}
	for _, p := range active {
		set[p] = true
	}
	for _, expr := range splitList(on) {
		ok, err := evalProfileExpression(expr, set)
		if err != nil {
			return false, err
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// splitList splits a comma-separated list, trimming each item and dropping
// empty ones, as Spring's String[] conversion does.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// evalProfileExpression follows org.springframework.core.env.ProfilesParser:
// '&' and '|' may not be mixed without parentheses; '!' negates.
func evalProfileExpression(expr string, active map[string]bool) (bool, error) {
	toks := tokenizeProfiles(expr)
	if len(toks) == 0 {
		return false, fmt.Errorf("invalid profile expression %q: must contain text", expr)
	}
	p := profileParser{toks: toks, expr: expr, active: active}
	v, err := p.parse(false)
	if err != nil {
		return false, err
	}
	if p.pos != len(p.toks) {
		return false, p.malformed()
	}
	return v, nil
}

func tokenizeProfiles(expr string) []string {
	var toks []string
	cur := strings.Builder{}
	flush := func() {
		if t := strings.TrimSpace(cur.String()); t != "" {
			toks = append(toks, t)
		}
		cur.Reset()
	}
	for _, r := range expr {
		switch r {
		case '(', ')', '&', '|', '!':
			flush()
			toks = append(toks, string(r))
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

type profileParser struct {
	toks   []string
	pos    int
	expr   string
	active map[string]bool
}

func (p *profileParser) malformed() error {
	return fmt.Errorf("malformed profile expression %q", p.expr)
}

// parse reads terms joined by one kind of operator, up to ')' when nested.
func (p *profileParser) parse(nested bool) (bool, error) {
	result, err := p.term()
	if err != nil {
		return false, err
	}
	op := ""
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		if t == ")" {
			if !nested {
				return false, p.malformed()
			}
			p.pos++
			return result, nil
		}
		if (t != "&" && t != "|") || (op != "" && op != t) {
			return false, p.malformed()
		}
		op = t
		p.pos++
		v, err := p.term()
		if err != nil {
			return false, err
		}
		if op == "&" {
			result = result && v
		} else {
			result = result || v
		}
	}
	if nested {
		return false, p.malformed()
	}
	return result, nil
}

func (p *profileParser) term() (bool, error) {
	if p.pos >= len(p.toks) {
		return false, p.malformed()
	}
	t := p.toks[p.pos]
	p.pos++
	switch t {
	case "!":
		v, err := p.term()
		return !v, err
	case "(":
		return p.parse(true)
	case ")", "&", "|":
		return false, p.malformed()
	}
	return p.active[t], nil
}

// expandProfiles puts included profiles first, then the active ones, and
// follows spring.profiles.group.* depth first (Profiles.expandProfiles).
func expandProfiles(included, active []string, groups map[string][]string) []string {
	seen := map[string]bool{}
	var ordered []string
	for _, p := range append(append([]string{}, included...), active...) {
		if !seen[p] {
			seen[p] = true
			ordered = append(ordered, p)
		}
	}
	stack := make([]string, 0, len(ordered))
	for i := len(ordered) - 1; i >= 0; i-- {
		stack = append(stack, ordered[i])
	}
	out := []string{}
	done := map[string]bool{}
	for len(stack) > 0 && len(out) < 1000 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if done[cur] {
			continue
		}
		done[cur] = true
		out = append(out, cur)
		members := groups[cur]
		for i := len(members) - 1; i >= 0; i-- {
			stack = append(stack, members[i])
		}
	}
	return out
}

// cloudPlatform detects the platform as Spring Boot's CloudPlatform does
// from the environment, unless spring.main.cloud-platform names one.
func cloudPlatform(setting string, getenv func(string) (string, bool)) string {
	if setting != "" {
		return normalizeEnum(setting)
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, ok := getenv(n); !ok {
				return false
			}
		}
		return true
	}
	switch {
	case has("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"):
		return "kubernetes"
	case has("VCAP_APPLICATION") || has("VCAP_SERVICES"):
		return "cloudfoundry"
	case has("DYNO"):
		return "heroku"
	case has("NOMAD_ALLOC_ID"):
		return "nomad"
	case has("WEBSITE_SITE_NAME", "WEBSITE_INSTANCE_ID", "WEBSITE_RESOURCE_GROUP", "WEBSITE_SKU"):
		return "azureappservice"
	}
	return "none"
}

// normalizeEnum compares enum names as Spring's relaxed enum binding does:
// case, '-' and '_' ignored.
func normalizeEnum(s string) string {
	return uniformText(element{text: s})
}
