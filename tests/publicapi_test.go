package tests

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// A Go program outside this module can use every exported identifier of the public packages
// (components/... and validation): none of their exported functions, methods, fields, types,
// variables or constants is typed from an internal package, which such a program cannot name.
func TestThePublicAPIUsesNoInternalType(t *testing.T) {
	dirs, err := filepath.Glob("../components/*")
	if err != nil {
		t.Fatal(err)
	}
	dirs = append(dirs, "../validation")
	checked := 0
	for _, dir := range dirs {
		fset := token.NewFileSet()
		pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
			return !strings.HasSuffix(fi.Name(), "_test.go")
		}, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, pkg := range pkgs {
			for name, file := range pkg.Files {
				internal := map[string]string{} // import name -> path, for internal imports
				for _, imp := range file.Imports {
					path, _ := strconv.Unquote(imp.Path.Value)
					if !strings.Contains(path, "/internal/") && !strings.HasSuffix(path, "/internal") {
						continue
					}
					local := path[strings.LastIndex(path, "/")+1:]
					if imp.Name != nil {
						local = imp.Name.Name
					}
					internal[local] = path
				}
				report := func(where string, expr ast.Expr) {
					checked++
					ast.Inspect(expr, func(n ast.Node) bool {
						sel, ok := n.(*ast.SelectorExpr)
						if !ok {
							return true
						}
						if x, ok := sel.X.(*ast.Ident); ok {
							if path, bad := internal[x.Name]; bad {
								t.Errorf("%s: %s uses %s.%s from %s, which a program outside the module cannot name",
									filepath.Base(name), where, x.Name, sel.Sel.Name, path)
							}
						}
						return true
					})
				}
				for _, decl := range file.Decls {
					switch d := decl.(type) {
					case *ast.FuncDecl:
						if !d.Name.IsExported() || (d.Recv != nil && !exportedRecv(d.Recv)) {
							continue
						}
						report(d.Name.Name, d.Type)
					case *ast.GenDecl:
						for _, spec := range d.Specs {
							switch s := spec.(type) {
							case *ast.TypeSpec:
								if !s.Name.IsExported() {
									continue
								}
								if st, ok := s.Type.(*ast.StructType); ok {
									for _, f := range st.Fields.List {
										if len(f.Names) == 0 || f.Names[0].IsExported() {
											report(s.Name.Name+" field", f.Type)
										}
									}
									continue
								}
								report(s.Name.Name, s.Type)
							case *ast.ValueSpec:
								for i, n := range s.Names {
									if !n.IsExported() {
										continue
									}
									if s.Type != nil {
										report(n.Name, s.Type)
									}
									if i < len(s.Values) {
										if _, ok := s.Values[i].(*ast.CompositeLit); ok {
											report(n.Name, s.Values[i].(*ast.CompositeLit).Type)
										}
									}
								}
							}
						}
					}
				}
			}
		}
	}
	if checked < 200 {
		t.Fatalf("checked %d exported declarations; the walk missed the packages", checked)
	}
}
