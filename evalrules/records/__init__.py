"""Records: the filled forms, read from YAML or JSON into typed, validated records.

`values` reads a target or an actual as written on a form (`≥95%`, `优`) into a `Quantity` or a
`Word`; `text` decodes a file and keeps the line and column of every field; `record` is the
pydantic model of a form and the readers (`read_record`, `parse_record`, `record_from_data`);
`schema` is the record's JSON Schema. It reads only the shared base below it: the rule language
and the engine read records, never the other way round.
"""
