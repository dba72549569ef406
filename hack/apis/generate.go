// Command generate writes src/main/java/dev/ballast/rules/apis/ApiLifecycleTable.java, the api-deprecated rule's
// table, from Kubernetes' own zz_generated.prerelease-lifecycle.go files in the k8s.io/api module that the control
// plane pins (hack/controlplane/kube/go.mod). Standard library only; it asks `go mod download` for the module, which
// reads the local module cache first. Run from the repository root: `make api-table`.
//
//	go run hack/apis/generate.go [-o FILE]
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const (
	goMod  = "hack/controlplane/kube/go.mod"
	module = "k8s.io/api"
	output = "src/main/java/dev/ballast/rules/apis/ApiLifecycleTable.java"
)

// The kinds Ballast reads (SubjectMapper): workloads, HPAs and PodDisruptionBudgets.
var kinds = map[string]bool{
	"Deployment": true, "StatefulSet": true, "DaemonSet": true,
	"HorizontalPodAutoscaler": true, "PodDisruptionBudget": true,
}

type version struct{ major, minor int }

type row struct {
	apiVersion, kind        string
	deprecated, removed     *version
	replacement, replaceKnd string
}

func main() {
	out := flag.String("o", output, "file to write")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "api-table:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	pinned, err := pinnedVersion(goMod)
	if err != nil {
		return err
	}
	dir, err := download(pinned)
	if err != nil {
		return err
	}
	rows, err := lifecycle(dir)
	if err != nil {
		return err
	}
	builtAgainst, err := kubeVersion(pinned)
	if err != nil {
		return err
	}
	return os.WriteFile(out, []byte(render(pinned, builtAgainst, rows)), 0o644)
}

// pinnedVersion is k8s.io/api's version in go.mod: the replace directive's when there is one, else the require's.
func pinnedVersion(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var required, replaced string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(strings.TrimPrefix(strings.TrimSpace(scanner.Text()), "require "))
		switch {
		case len(fields) >= 4 && fields[0] == module && fields[1] == "=>" && fields[2] == module:
			replaced = fields[3]
		case len(fields) >= 2 && fields[0] == module && strings.HasPrefix(fields[1], "v"):
			required = fields[1]
		}
	}
	if err := scanner.Err(); err != nil {
		return "", err
	}
	if replaced != "" {
		return replaced, nil
	}
	if required == "" {
		return "", fmt.Errorf("%s does not require %s", path, module)
	}
	return required, nil
}

// download resolves the module's directory with `go mod download -json`, outside any module.
func download(v string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", module+"@"+v)
	cmd.Dir = os.TempDir()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	var info struct{ Dir, Error string }
	if jsonErr := json.Unmarshal(stdout, &info); jsonErr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s@%s: %s", module, v, info.Error)
	}
	if err != nil {
		return "", fmt.Errorf("go mod download %s@%s: %v: %s", module, v, err, strings.TrimSpace(stderr.String()))
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s reported no directory", module, v)
	}
	return info.Dir, nil
}

// kubeVersion maps the staging module's v0.MINOR.PATCH to Kubernetes 1.MINOR.
func kubeVersion(v string) (version, error) {
	parts := strings.Split(strings.TrimPrefix(v, "v"), ".")
	if len(parts) < 2 || parts[0] != "0" {
		return version{}, fmt.Errorf("%s %s is not a v0.MINOR.PATCH staging version", module, v)
	}
	minor, err := strconv.Atoi(parts[1])
	if err != nil {
		return version{}, fmt.Errorf("%s %s: %v", module, v, err)
	}
	return version{1, minor}, nil
}

// lifecycle reads every GROUP/VERSION/zz_generated.prerelease-lifecycle.go under the module for the kinds Ballast
// reads, keeping those deprecated or removed.
func lifecycle(dir string) ([]row, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*", "*", "zz_generated.prerelease-lifecycle.go"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no zz_generated.prerelease-lifecycle.go under %s", dir)
	}
	var rows []row
	for _, file := range files {
		pkg := filepath.Dir(file)
		group, err := groupName(filepath.Join(pkg, "register.go"))
		if err != nil {
			return nil, err
		}
		apiVersion := filepath.Base(pkg)
		if group != "" {
			apiVersion = group + "/" + apiVersion
		}
		found, err := readFile(file, apiVersion)
		if err != nil {
			return nil, err
		}
		rows = append(rows, found...)
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].apiVersion != rows[j].apiVersion {
			return rows[i].apiVersion < rows[j].apiVersion
		}
		return rows[i].kind < rows[j].kind
	})
	return rows, nil
}

func groupName(register string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), register, nil, 0)
	if err != nil {
		return "", err
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			value := spec.(*ast.ValueSpec)
			for i, name := range value.Names {
				if name.Name == "GroupName" && i < len(value.Values) {
					if lit, ok := value.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
						return strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	return "", fmt.Errorf("%s declares no const GroupName", register)
}

func readFile(file, apiVersion string) ([]row, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return nil, err
	}
	byKind := map[string]*row{}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 || fn.Body == nil || len(fn.Body.List) != 1 {
			continue
		}
		star, ok := fn.Recv.List[0].Type.(*ast.StarExpr)
		if !ok {
			continue
		}
		ident, ok := star.X.(*ast.Ident)
		if !ok || !kinds[ident.Name] {
			continue
		}
		ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
		if !ok {
			continue
		}
		r := byKind[ident.Name]
		if r == nil {
			r = &row{apiVersion: apiVersion, kind: ident.Name}
			byKind[ident.Name] = r
		}
		where := fmt.Sprintf("%s: %s.%s", file, ident.Name, fn.Name.Name)
		switch fn.Name.Name {
		case "APILifecycleDeprecated":
			r.deprecated, err = majorMinor(ret, where)
		case "APILifecycleRemoved":
			r.removed, err = majorMinor(ret, where)
		case "APILifecycleReplacement":
			r.replacement, r.replaceKnd, err = groupVersionKind(ret, where)
		}
		if err != nil {
			return nil, err
		}
	}
	var rows []row
	for _, r := range byKind {
		if r.deprecated == nil && r.removed == nil {
			continue // generally available: introduced only
		}
		if r.replaceKnd != "" && r.replaceKnd != r.kind {
			return nil, fmt.Errorf("%s %s is replaced by kind %s: the table has no column for a renamed kind",
				apiVersion, r.kind, r.replaceKnd)
		}
		rows = append(rows, *r)
	}
	return rows, nil
}

func majorMinor(ret *ast.ReturnStmt, where string) (*version, error) {
	if len(ret.Results) != 2 {
		return nil, fmt.Errorf("%s: expected `return MAJOR, MINOR`", where)
	}
	var n [2]int
	for i, e := range ret.Results {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.INT {
			return nil, fmt.Errorf("%s: expected integer literals", where)
		}
		v, err := strconv.Atoi(lit.Value)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		n[i] = v
	}
	if n[0] == 0 && n[1] == 0 {
		return nil, nil
	}
	return &version{n[0], n[1]}, nil
}

func groupVersionKind(ret *ast.ReturnStmt, where string) (string, string, error) {
	if len(ret.Results) != 1 {
		return "", "", fmt.Errorf("%s: expected one GroupVersionKind", where)
	}
	lit, ok := ret.Results[0].(*ast.CompositeLit)
	if !ok {
		return "", "", fmt.Errorf("%s: expected a GroupVersionKind literal", where)
	}
	fields := map[string]string{}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return "", "", fmt.Errorf("%s: expected keyed fields", where)
		}
		key, keyOK := kv.Key.(*ast.Ident)
		value, valueOK := kv.Value.(*ast.BasicLit)
		if !keyOK || !valueOK || value.Kind != token.STRING {
			return "", "", fmt.Errorf("%s: expected string fields", where)
		}
		s, err := strconv.Unquote(value.Value)
		if err != nil {
			return "", "", fmt.Errorf("%s: %v", where, err)
		}
		fields[key.Name] = s
	}
	if fields["Version"] == "" {
		return "", "", errors.New(where + ": replacement without a Version")
	}
	gv := fields["Version"]
	if fields["Group"] != "" {
		gv = fields["Group"] + "/" + gv
	}
	return gv, fields["Kind"], nil
}

func render(pinned string, builtAgainst version, rows []row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated by hack/apis/generate.go from %s %s (make api-table). DO NOT EDIT.\n\n", module, pinned)
	b.WriteString("package dev.ballast.rules.apis;\n\nimport java.util.List;\n\n")
	fmt.Fprintf(&b, "/**\n * When each API version of the kinds Ballast reads was deprecated and removed, from Kubernetes' own\n"+
		" * zz_generated.prerelease-lifecycle.go files in %s %s, the module Ballast's control plane pins. A\n"+
		" * group/version and kind not listed here is generally available (or unknown to Kubernetes %d.%d).\n */\n",
		module, pinned, builtAgainst.major, builtAgainst.minor)
	b.WriteString("public final class ApiLifecycleTable {\n")
	b.WriteString("    /** The Kubernetes version Ballast is built against: {@code apis.targetVersion} when unset. */\n")
	fmt.Fprintf(&b, "    public static final String BUILT_AGAINST_VERSION = \"%d.%d\";\n", builtAgainst.major, builtAgainst.minor)
	b.WriteString("    public static final KubeVersion BUILT_AGAINST = KubeVersion.parse(BUILT_AGAINST_VERSION);\n\n")
	b.WriteString("    /** Group/version, kind, deprecated in, removed in (null: not yet scheduled), replacement group/version. */\n")
	b.WriteString("    public static final List<ApiLifecycle> ROWS = List.of(")
	for i, r := range rows {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n            new ApiLifecycle(%q, %q,\n                    %s, %s, %s)", r.apiVersion, r.kind,
			javaVersion(r.deprecated), javaVersion(r.removed), javaString(r.replacement))
	}
	b.WriteString(");\n\n    private ApiLifecycleTable() {\n    }\n}\n")
	return b.String()
}

func javaVersion(v *version) string {
	if v == nil {
		return "null"
	}
	return fmt.Sprintf("new KubeVersion(%d, %d)", v.major, v.minor)
}

func javaString(s string) string {
	if s == "" {
		return "null"
	}
	return strconv.Quote(s)
}
