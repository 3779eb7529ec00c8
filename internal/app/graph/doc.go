// Package graph draws the resource graph of an offline run in Graphviz's DOT language:
// components as boxes that hold their children, each resource labelled with its zone where it
// has one and coloured by zone, dependencies as solid edges and provider use as dashed ones.
// SVG turns the DOT into a picture with Graphviz's dot, from Debian's graphviz package.
package graph
