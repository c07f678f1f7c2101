# -*- coding: utf-8 -*-
# Copyright: telnyx.voice contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
#
# This module util is private to the telnyx.voice collection: it may change at any time.

"""The info shape: read a Telnyx account, every object of a resource in the shape its modules take back.

An ``Inventory`` is built on a ``ResourceType``. Its field table decides what of each object is an
option, fed back to the resource's modules unchanged, and what is only reported under ``read_only``.
The resource's list path, name field and name filter drive the lookup. A resource's file declares its
``Inventory(...)`` with its list filters; its info module is a ``main()`` of one line. ``as_config`` gives the
same options without ``read_only``, for a plural module's ``gathered``.

Nothing here knows about AnsibleModule: the module and a controller-side action both call ``run()``.
"""

from __future__ import annotations

from ansible_collections.telnyx.voice.plugins.module_utils._api import TelnyxApiError
from ansible_collections.telnyx.voice.plugins.module_utils._engine import connect, user_failures
from ansible_collections.telnyx.voice.plugins.module_utils._resource import ResourceFailure
from ansible_collections.telnyx.voice.plugins.module_utils._secrets import Secrets, secret_names

READ_ONLY_KEY = "read_only"
"""The key of an item that holds everything the resource's module does not take as an option."""

_UNSET = object()


class ListFilter:
    """An option of an info module, sent as one query parameter of the list.

    ``min_length`` and ``check`` (a function returning an error text) are checked before any
    request. ``matches(item, value)`` applies the filter on the client side, for a lookup by id; a filter that
    only Telnyx can apply (None: it depends on other objects) makes a lookup by id read the filtered list instead.
    ``kind`` ``bool`` makes the option a boolean, sent as the string ``true`` or ``false``.
    """

    def __init__(self, wire_key, min_length=None, check=None, matches=None, kind="str"):
        self.wire_key = wire_key
        self.min_length = min_length
        self.check = check
        self.matches = matches
        self.kind = kind

    def wire(self, value):
        """The query value of the option's ``value``."""
        if self.kind == "bool":
            return "true" if value else "false"
        return value

    def problem(self, name, value):
        if self.kind == "bool":
            return None
        if self.min_length is not None and len(value) < self.min_length:
            return ("%s must have at least %d characters, because Telnyx's %s needs %d; got %r (%d)"
                    % (name, self.min_length, self.wire_key, self.min_length, value, len(value)))
        if self.check:
            problem = self.check(value)
            if problem:
                return "%s: %s" % (name, problem)
        return None


class Detail:
    """An optional extra read per object, a read-only action whose answer goes under ``read_only``."""

    def __init__(self, action, key):
        self.action = action
        self.key = key


def contains_casefold(field_name):
    """The client-side twin of Telnyx's ``[contains]`` filters: a case-insensitive substring."""
    return lambda item, value: value.casefold() in str(item.get(field_name) or "").casefold()


class Inventory:
    """The read-only side of a ``ResourceType``: find every match, report each as options plus read-only keys."""

    def __init__(self, resource, result_key, name_contains_option=None, filters=None, details=None,
                 address_options=None):
        self.resource = resource
        # Boolean options that read one further address of the resource per object (a number's voice settings):
        # its fields become options like the object's own, and the rest of its answer goes under read_only.
        self.address_options = dict(address_options or {})
        self.result_key = result_key
        self.filters = dict(filters or {})
        if name_contains_option:
            # The resource's name filter, under its own option: the one filter every resource has.
            self.filters[name_contains_option] = ListFilter(
                resource.name_filter, min_length=resource.name_filter_min_length,
                matches=contains_casefold(resource.name_field))
        self.details = dict(details or {})

    # The argument spec

    def argument_spec(self):
        """The info module's own options; ``_module.module_argument_spec`` adds the connection options."""
        resource = self.resource
        spec = {resource.id_option: dict(type="str")}
        name_spec = dict(type="str")
        aliases = resource.fields[resource.name_field].aliases
        if aliases:
            name_spec["aliases"] = list(aliases)
        spec[resource.name_field] = name_spec
        for name, list_filter in self.filters.items():
            spec[name] = dict(type=list_filter.kind)
        for name in list(self.details) + list(self.address_options):
            spec[name] = dict(type="bool", default=False)
        return spec

    # One run

    def run(self, params, check_mode=False, client=None, **client_options):
        """List what ``params`` select; return ``(result, warnings)`` like ``reconcile()``.

        Every request is a read (the details are read-only actions), so check mode changes nothing.
        Raises ResourceFailure, with secrets scrubbed, for every failure a user can act on.
        """
        secrets = Secrets.of_params(self.resource, params)
        warnings = []
        with user_failures(secrets):
            query = self.query(params)
            client = connect(params, secrets, client, **client_options)
            items = self.find(client, params, query)
            extras = [{} for item in items]
            for name, address in self.address_options.items():
                if params.get(name):
                    items = [self.read_address(client, item, address, extra, warnings)
                             for item, extra in zip(items, extras)]
            entries = [self.entry(item, warnings) for item in items]
            for entry, extra in zip(entries, extras):
                entry[READ_ONLY_KEY].update(extra)
            for option, children in self.resource.children.items():
                known = children.read_many(lambda: client, [str(item.get("id")) for item in items], client.budget())
                for item, entry in zip(items, entries):
                    have = known.get(str(item.get("id")))
                    have = have if have is not None else children.read(client, item.get("id"))
                    records = children.ordered(have, item)
                    entry[option] = [children.as_option(record) for record in records]
                    entry[READ_ONLY_KEY]["%s_ids" % option] = [record.get("id") for record in records]
            for name, detail in self.details.items():
                if params.get(name):
                    for item, entry in zip(items, entries):
                        entry[READ_ONLY_KEY][detail.key] = self.read_detail(client, item, detail, warnings)
        return {"changed": False, self.result_key: entries}, [secrets.scrub(warning) for warning in warnings]

    def query(self, params):
        """The list query for ``params``; fails, before any request, on a filter Telnyx would refuse."""
        resource = self.resource
        problems = []
        query = {}
        for name, list_filter in self.filters.items():
            value = params.get(name)
            if value is None:
                continue
            problem = list_filter.problem(name, value)
            if problem:
                problems.append(problem)
            query[list_filter.wire_key] = list_filter.wire(value)
        name = params.get(resource.name_field)
        if name is not None:
            # The exact name (a phone number's digits, for numbers) narrows the list: the module's own rule first.
            resource.fields[resource.name_field].validate(resource.name_field, name, problems)
        problems = resource.request_problems(params) + problems
        if problems:
            raise ResourceFailure("Invalid options for %s info: %s" % (resource.label, "; ".join(problems)),
                                  invalid=problems)
        return query

    def find(self, client, params, query):
        """Every match, across all pages, in the API's order, each once."""
        resource = self.resource
        item_id = params.get(resource.id_option)
        server_side = [name for name, list_filter in self.filters.items()
                       if params.get(name) is not None and list_filter.matches is None]
        if item_id and server_side:
            # Only Telnyx can apply one of the filters: the filtered list, and the id among it.
            return [item for item in resource.lookup(client, params.get(resource.name_field), query)
                    if item.get("id") == item_id]
        if item_id:
            try:
                items = [client.get(resource.item_path(item_id))]
            except TelnyxApiError as error:
                if error.not_found:
                    return []
                raise
            # The list filters, applied here since no list was asked.
            for name, list_filter in self.filters.items():
                if params.get(name) is not None:
                    items = [item for item in items if list_filter.matches(item, params[name])]
            name = params.get(resource.name_field)
            if name is not None:
                items = [item for item in items if resource.name_matches(item, name)]
            return items
        return resource.lookup(client, params.get(resource.name_field), query)

    def read_address(self, client, item, address, extra, warnings):
        """``item`` completed with its fields kept at ``address``; the rest of that answer goes into ``extra``."""
        resource = self.resource
        try:
            answer = client.get(resource.address_path(item.get("id"), address))
        except TelnyxApiError as error:
            if not error.not_found:
                raise
            warnings.append("The %s %s was deleted while it was being read; its %s settings are left out."
                            % (resource.label, item.get("id"), address))
            return item
        extra[address] = {key: value for key, value in answer.items() if key != "id" and (
            key not in resource.fields or resource.fields[key].read_address != address)}
        return resource.overlay(item, address, answer)

    def read_detail(self, client, item, detail, warnings):
        try:
            return client.action(self.resource.item_path(item.get("id"), *detail.action.split("/")))
        except TelnyxApiError as error:
            if not error.not_found:
                raise
            warnings.append("The %s %s was deleted while it was being read; its %s is null."
                            % (self.resource.label, item.get("id"), detail.key))
            return None

    # The shape of one object

    def entry(self, item, warnings):
        """``item`` as ``id``, then the resource module's options, then ``read_only``."""
        options, read_only = self.as_options(item, warnings)
        entry = {self.resource.id_option: item.get("id")}
        entry.update(options)
        entry[READ_ONLY_KEY] = read_only
        return entry

    def as_options(self, item, warnings):
        """Split an API object into ``(options, read_only)``.

        ``options`` holds only fields of the table, each in the form the resource module accepts
        and compares equal to what Telnyx reports, so feeding them back changes nothing. A secret is
        never among them: ``read_only`` says ``<name>_set`` instead. Every other key Telnyx reports,
        including a value that the module would refuse (it is also warned about), is in ``read_only``.
        """
        label = "%s %s (%s)" % (self.resource.label, item.get("id"), item.get(self.resource.name_field))
        options, read_only = _split(self.resource.fields, item, "", label, warnings)
        read_only.pop("id", None)
        for name in secret_names(self.resource):
            read_only.pop(name, None)
            read_only["%s_set" % name] = bool(item[name]) if name in item else None
        return options, read_only


def _split(fields, obj, prefix, label, warnings):
    options = {}
    read_only = {}
    for key, value in obj.items():
        field = fields.get(key)
        if field is None or field.resolves_to:
            # A name Telnyx reports beside the id it resolves to (a number's connection_name) is only read: the id
            # is the option, and both cannot be given.
            read_only[key] = value
        elif field.secret:
            continue
        elif field.kind == "dict" and isinstance(value, dict):
            sub_options, sub_read_only = _split(field.options, value, "%s%s." % (prefix, key), label, warnings)
            if sub_options:
                options[key] = sub_options
            if sub_read_only:
                read_only[key] = sub_read_only
        else:
            option = _option_value(field, prefix + key, value)
            if option is _UNSET:
                if value not in (None, ""):
                    read_only[key] = value
                    warnings.append("%s: %s%s is %r, which the module does not accept; it is listed under %s "
                                    "and is not managed when the item is fed back."
                                    % (label, prefix, key, value, READ_ONLY_KEY))
            else:
                options[key] = option
    # The table's order, so that an export reads the same for every object.
    order = list(fields)
    return dict(sorted(options.items(), key=lambda pair: order.index(pair[0]))), read_only


def _option_value(field, path, value):
    """The option value that declares ``value``, or ``_UNSET`` when there is none.

    Null (and an empty string, which compares equal to it) becomes the empty string that clears a
    nullable field, the value a field reports as null, or an empty list. Otherwise the value is
    brought to the option's type, and kept only when the module's own validation accepts it.
    """
    if value is None or (value == "" and not field.is_list):
        if field.nullable:
            return ""
        if field.null_equals is not None:
            return field.null_equals
        if field.is_list:
            return []
        if field.kind == "str" and not field.choices and not field.problem(""):
            # Where the empty string is a value the option takes (it clears it), null is shown as "", so that every
            # info module gives one shape: map(attribute='connection_id') works on any item.
            return ""
        if value is None:
            return _UNSET
    if field.kind == "dict":
        return _UNSET
    candidate = field.to_wire(value)
    if field.kind == "str" and isinstance(candidate, (int, float)) and not isinstance(candidate, bool):
        candidate = str(candidate)
    if field.is_list:
        if not isinstance(candidate, list) or not all(isinstance(item, (str, int)) for item in candidate):
            return _UNSET
        candidate = [str(item) for item in candidate]
    elif field.kind == "bool" and not isinstance(candidate, bool):
        return _UNSET
    elif field.kind == "int" and (isinstance(candidate, bool) or not isinstance(candidate, int)):
        return _UNSET
    elif field.kind == "str" and not isinstance(candidate, str):
        return _UNSET
    if field.choices and candidate not in field.choices and not (field.nullable and candidate == ""):
        return _UNSET
    errors = []
    field.validate(path, candidate, errors)
    return _UNSET if errors else candidate


def as_config(resource, obj, client=None, known=None):
    """``obj`` as one item of a plural module's ``config``: its id and options, no secret and no read-only key,
    so that ``gathered`` fed back as ``config`` writes nothing. With ``client``, its child records too: from
    ``known`` (``{option: {parent id: [records]}}``, ``Children.read_many``) or one read per kind."""
    warnings = []
    options, dummy = _split(resource.fields, obj, "", "", warnings)
    for option, children in resource.children.items() if client is not None else ():
        have = (known or {}).get(option, {}).get(str(obj.get("id")))
        have = have if have is not None else children.read(client, obj.get("id"))
        options[option] = [children.as_option(record) for record in children.ordered(have, obj)]
    return dict({resource.id_option: obj.get("id")}, **options)
