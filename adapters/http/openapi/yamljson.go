package openapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// yamlToJSON converts a YAML document to JSON through yaml.v3's node tree
// rather than through map[string]any, for two reasons: the key order of the
// source is kept, and mapping keys that YAML reads as numbers (the status
// codes of "responses") stay strings, as JSON requires. It refuses what
// JSON cannot say or what is likely a slip in a hand-written file:
// duplicate keys, non-scalar keys, merge keys and non-finite numbers.
func yamlToJSON(src []byte) ([]byte, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc, extra yaml.Node
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("openapi: %w", err)
	}
	// A second document ("---") would be dropped without a word.
	if err := dec.Decode(&extra); err != io.EOF {
		return nil, fmt.Errorf("openapi: want one YAML document (%v)", err)
	}
	var b bytes.Buffer
	if err := writeNode(&b, &doc); err != nil {
		return nil, err
	}
	if !json.Valid(b.Bytes()) { // a converter bug, never the source's fault
		return nil, fmt.Errorf("openapi: conversion produced invalid JSON")
	}
	return b.Bytes(), nil
}

func writeNode(b *bytes.Buffer, n *yaml.Node) error {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) != 1 {
			return fmt.Errorf("openapi: line %d: want one YAML document", n.Line)
		}
		return writeNode(b, n.Content[0])
	case yaml.MappingNode:
		return writeMapping(b, n)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, item := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeNode(b, item); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.AliasNode:
		return writeNode(b, n.Alias)
	case yaml.ScalarNode:
		return writeScalar(b, n)
	}
	return fmt.Errorf("openapi: line %d: unexpected YAML node kind %d", n.Line, n.Kind)
}

func writeMapping(b *bytes.Buffer, n *yaml.Node) error {
	seen := make(map[string]bool, len(n.Content)/2)
	b.WriteByte('{')
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			return fmt.Errorf("openapi: line %d: keys must be plain scalars", k.Line)
		}
		if seen[k.Value] {
			return fmt.Errorf("openapi: line %d: duplicate key %q", k.Line, k.Value)
		}
		seen[k.Value] = true
		if i > 0 {
			b.WriteByte(',')
		}
		writeString(b, k.Value)
		b.WriteByte(':')
		if err := writeNode(b, v); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeScalar keeps YAML's reading of plain scalars for numbers, booleans
// and null; everything else, timestamps included, is the text as written,
// so an example datetime keeps its exact form.
func writeScalar(b *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		b.WriteString("null")
	case "!!bool":
		var v bool
		if err := n.Decode(&v); err != nil {
			return err
		}
		b.WriteString(strconv.FormatBool(v))
	case "!!int":
		var v int64
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("openapi: line %d: %w", n.Line, err)
		}
		b.WriteString(strconv.FormatInt(v, 10))
	case "!!float":
		var v float64
		if err := n.Decode(&v); err != nil {
			return err
		}
		raw, err := json.Marshal(v) // refuses .inf and .nan
		if err != nil {
			return fmt.Errorf("openapi: line %d: %w", n.Line, err)
		}
		b.Write(raw)
	default:
		writeString(b, n.Value)
	}
	return nil
}

// writeString writes s as a JSON string without HTML escaping, so that the
// served file reads as the source does.
func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	b.Truncate(b.Len() - 1)
}
