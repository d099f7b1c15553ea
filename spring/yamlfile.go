// This file reads application.yml/.yaml the way Spring Boot's
// OriginTrackedYamlLoader does: every document flattened to dotted keys
// and [i] indexes, duplicate keys refused, and plain scalars read with
// SnakeYAML's YAML 1.1 rules (yes/on are true, 012 is octal, timestamps
// stay text), so a value reaches Go as the text Java's binder saw.

package spring

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxYAMLNodes bounds the nodes visited per file, aliases included, so a
// "billion laughs" file fails instead of exhausting memory.
const maxYAMLNodes = 200000

// parseYAML reads every document of a YAML file.
func parseYAML(data []byte, file string) ([]*rawDocument, error) {
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var docs []*rawDocument
	budget := maxYAMLNodes
	for n := 1; ; n++ {
		var root yaml.Node
		err := dec.Decode(&root)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &Error{Origin: file, Msg: "YAML: " + yamlMessage(err), Err: ErrSyntax}
		}
		doc := &rawDocument{}
		node := &root
		if node.Kind == yaml.DocumentNode {
			if len(node.Content) == 0 {
				continue
			}
			node = node.Content[0]
		}
		if node.Kind == yaml.ScalarNode && node.Tag == "!!null" {
			continue
		}
		if node.Kind != yaml.MappingNode {
			return nil, &Error{Origin: fmt.Sprintf("%s:%d", file, node.Line), Msg: fmt.Sprintf("YAML document %d is not a mapping of keys to values", n), Err: ErrSyntax}
		}
		f := yamlFlattener{file: file, doc: doc, budget: &budget}
		if err := f.walk("", node, 0); err != nil {
			return nil, err
		}
		docs = append(docs, doc)
	}
	return docs, nil
}

// yamlMessage keeps the parser's reason but never the text of a value.
func yamlMessage(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	// yaml.v3 may quote the offending scalar; cut the message there.
	if i := strings.IndexAny(msg, "`\""); i >= 0 {
		msg = strings.TrimSpace(msg[:i]) + " (value not shown)"
	}
	return msg
}

type yamlFlattener struct {
	file   string
	doc    *rawDocument
	budget *int
}

const maxYAMLDepth = 200

func (f *yamlFlattener) walk(path string, n *yaml.Node, depth int) error {
	*f.budget--
	if *f.budget < 0 || depth > maxYAMLDepth {
		return &Error{Origin: f.file, Msg: "YAML document too large or too deeply nested (aliases included)", Err: ErrSyntax}
	}
	switch n.Kind {
	case yaml.AliasNode:
		return f.walk(path, n.Alias, depth+1)
	case yaml.MappingNode:
		pairs, err := f.mergedPairs(n, depth)
		if err != nil {
			return err
		}
		if len(pairs) == 0 && path != "" {
			f.doc.put(entry{name: path, value: "", line: n.Line})
		}
		for _, p := range pairs {
			key := p.key
			switch {
			case path == "":
			case strings.HasPrefix(key, "["):
				key = path + key
			default:
				key = path + "." + key
			}
			if err := f.walk(key, p.value, depth+1); err != nil {
				return err
			}
		}
	case yaml.SequenceNode:
		if len(n.Content) == 0 {
			f.doc.put(entry{name: path, value: "", line: n.Line})
		}
		for i, c := range n.Content {
			if err := f.walk(path+"["+strconv.Itoa(i)+"]", c, depth+1); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		v, _, err := yamlScalar(n)
		if err != nil {
			return &Error{Origin: fmt.Sprintf("%s:%d", f.file, n.Line), Key: path, Msg: err.Error(), Err: ErrSyntax}
		}
		e := entry{name: path, value: v, line: n.Line}
		if v != n.Value && n.Kind == yaml.ScalarNode {
			e.note = "YAML 1.1 (SnakeYAML) reads this unquoted scalar as a " + yamlKindOf(n.Value) + ", so Java sees " + quoteUnlessSecret(path, v) + "; quote it to keep the text as written"
		}
		f.doc.put(e)
	}
	return nil
}

type yamlPair struct {
	key   string
	value *yaml.Node
}

// mergedPairs lists a mapping's pairs with << merge keys applied (explicit
// keys win) and refuses duplicate keys, as Spring Boot's loader does.
func (f *yamlFlattener) mergedPairs(n *yaml.Node, depth int) ([]yamlPair, error) {
	var pairs []yamlPair
	seen := map[string]bool{}
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "!!merge" || k.Style == 0) {
			merges = append(merges, v)
			continue
		}
		key, err := f.keyText(k)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, &Error{Origin: fmt.Sprintf("%s:%d", f.file, k.Line), Key: key, Msg: "duplicate key (Spring Boot refuses duplicate YAML keys)", Err: ErrSyntax}
		}
		seen[key] = true
		pairs = append(pairs, yamlPair{key, v})
	}
	for _, m := range merges {
		sources := []*yaml.Node{m}
		if m.Kind == yaml.SequenceNode {
			sources = m.Content
		}
		for _, src := range sources {
			for src.Kind == yaml.AliasNode {
				src = src.Alias
			}
			if src.Kind != yaml.MappingNode {
				return nil, &Error{Origin: fmt.Sprintf("%s:%d", f.file, m.Line), Msg: "<< merge of something that is not a mapping", Err: ErrSyntax}
			}
			*f.budget -= len(src.Content)
			if *f.budget < 0 || depth > maxYAMLDepth {
				return nil, &Error{Origin: f.file, Msg: "YAML document too large (merges included)", Err: ErrSyntax}
			}
			sub, err := f.mergedPairs(src, depth+1)
			if err != nil {
				return nil, err
			}
			for _, p := range sub {
				if !seen[p.key] {
					seen[p.key] = true
					pairs = append(pairs, p)
				}
			}
		}
	}
	return pairs, nil
}

// keyText is a key as Spring's flattening writes it: strings as they are,
// other scalars (true, 1) as [text].
func (f *yamlFlattener) keyText(k *yaml.Node) (string, error) {
	for k.Kind == yaml.AliasNode {
		k = k.Alias
	}
	if k.Kind != yaml.ScalarNode {
		return "", &Error{Origin: fmt.Sprintf("%s:%d", f.file, k.Line), Msg: "a key that is not a scalar", Err: ErrSyntax}
	}
	v, typed, err := yamlScalar(k)
	if err != nil {
		return "", &Error{Origin: fmt.Sprintf("%s:%d", f.file, k.Line), Msg: err.Error(), Err: ErrSyntax}
	}
	if typed {
		return "[" + v + "]", nil
	}
	return v, nil
}

// yamlScalar returns the text Java's binder sees for a scalar, and whether
// SnakeYAML makes it something other than a string (Boolean, Integer, ...).
func yamlScalar(n *yaml.Node) (string, bool, error) {
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0
	explicit := n.Style&yaml.TaggedStyle != 0
	if quoted && !explicit {
		return n.Value, false, nil
	}
	tag := ""
	if explicit {
		switch n.Tag {
		case "!!bool", "!!int", "!!float", "!!null":
			tag = n.Tag
		default:
			return n.Value, false, nil
		}
	}
	return resolveYAML11(n.Value, tag)
}

var (
	yamlBool  = regexp.MustCompile(`^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`)
	yamlInt   = regexp.MustCompile(`^(?:[-+]?0b_*[0-1]+[0-1_]*|[-+]?0_*[0-7]+[0-7_]*|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x_*[0-9a-fA-F]+[0-9a-fA-F_]*|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$`)
	yamlFloat = regexp.MustCompile(`^(?:[-+]?(?:\.[0-9]+|[0-9_]+(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$`)
)

func isYAMLNull(s string) bool {
	return s == "" || s == "~" || s == "null" || s == "Null" || s == "NULL"
}

// resolveYAML11 applies SnakeYAML's implicit resolvers in its order (bool,
// int, float, null) and Java's toString of the result; typed is false when
// the scalar stays a string. tag forces a type.
func resolveYAML11(s, tag string) (text string, typed bool, err error) {
	switch {
	case tag == "!!null" || (tag == "" && isYAMLNull(s)):
		return "", true, nil
	case tag == "!!bool" || (tag == "" && yamlBool.MatchString(s)):
		switch strings.ToLower(s) {
		case "yes", "true", "on":
			return "true", true, nil
		case "no", "false", "off":
			return "false", true, nil
		}
		return "", false, fmt.Errorf("not a YAML boolean")
	case tag == "!!int" || (tag == "" && yamlInt.MatchString(s)):
		text, err = yamlIntText(s)
		return text, true, err
	case tag == "!!float" || (tag == "" && yamlFloat.MatchString(s)):
		text, err = yamlFloatText(s)
		return text, true, err
	}
	return s, false, nil
}

func yamlKindOf(s string) string {
	switch {
	case isYAMLNull(s):
		return "null (empty)"
	case yamlBool.MatchString(s):
		return "boolean"
	case yamlInt.MatchString(s):
		return "number (0 is octal, 0x hex, 0b binary, a:b base 60)"
	}
	return "floating-point number"
}

// yamlIntText follows SnakeYAML's ConstructYamlInt and BigInteger.toString.
func yamlIntText(s string) (string, error) {
	v := strings.ReplaceAll(s, "_", "")
	sign := ""
	if v != "" && (v[0] == '-' || v[0] == '+') {
		if v[0] == '-' {
			sign = "-"
		}
		v = v[1:]
	}
	base := 10
	switch {
	case v == "0":
		return "0", nil
	case strings.HasPrefix(v, "0b"):
		base, v = 2, v[2:]
	case strings.HasPrefix(v, "0x"):
		base, v = 16, v[2:]
	case strings.HasPrefix(v, "0"):
		base, v = 8, v[1:]
	case strings.Contains(v, ":"):
		total := new(big.Int)
		for _, part := range strings.Split(v, ":") {
			d, err := strconv.ParseInt(part, 10, 64)
			if err != nil {
				return "", fmt.Errorf("not a YAML integer")
			}
			total.Mul(total, big.NewInt(60))
			total.Add(total, big.NewInt(d))
		}
		if sign == "-" {
			total.Neg(total)
		}
		return total.String(), nil
	}
	n, ok := new(big.Int).SetString(sign+v, base)
	if !ok {
		return "", fmt.Errorf("not a YAML integer")
	}
	return n.String(), nil
}

// yamlFloatText follows SnakeYAML's ConstructYamlFloat and Java's
// Double.toString.
func yamlFloatText(s string) (string, error) {
	v := strings.ToLower(strings.ReplaceAll(s, "_", ""))
	sign := 1.0
	if v != "" && (v[0] == '-' || v[0] == '+') {
		if v[0] == '-' {
			sign = -1
		}
		v = v[1:]
	}
	switch {
	case v == ".inf":
		return javaDouble(math.Inf(int(sign))), nil
	case v == ".nan":
		return "NaN", nil
	case strings.Contains(v, ":"):
		parts := strings.Split(v, ":")
		total := 0.0
		for _, p := range parts {
			d, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return "", fmt.Errorf("not a YAML number")
			}
			total = total*60 + d
		}
		return javaDouble(sign * total), nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "", fmt.Errorf("not a YAML number")
	}
	return javaDouble(sign * f), nil
}

// javaDouble formats f as Java's Double.toString does (JDK 19+ shortest
// digits): plain between 10^-3 and 10^7, else d.dddE±n.
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'e', -1, 64)
	mant, exp, _ := strings.Cut(s, "e")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}

// quoteUnlessSecret shows a value in a note unless its key is a secret.
func quoteUnlessSecret(key, v string) string {
	if isSecretKey(key) {
		return "a different value (not shown)"
	}
	return strconv.Quote(v)
}
