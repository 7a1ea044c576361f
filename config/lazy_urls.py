"""A URL resolver whose URLconf module is imported on first use.

Django's `include()` imports its module at once, and populating the root resolver (the first reverse())
descends into every resolver. This one stays unloaded until a request path falls under its prefix or a
name in its own namespace is reversed; the root's populate skips it until then (a namespaced resolver
contributes only its namespace to the root's lookups)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLResolver
from django.urls.resolvers import RoutePattern
from django.utils.module_loading import import_string


class LazyURLResolver(URLResolver):
    def _loaded(self) -> bool:
        return "urlconf_module" in self.__dict__  # a cached_property, stored on first access

    def _load(self) -> None:
        """Import the URLconf module now (a cached_property: the first access imports it)."""
        _ = self.urlconf_module

    def _populate(self) -> None:
        if self._loaded():
            super()._populate()

    @property
    def reverse_dict(self):
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self):
        self._load()
        return super().app_dict


def lazy_view(dotted: str, *, csrf_exempt: bool = False) -> Callable[..., HttpResponse]:
    """The view at `dotted`, imported by its first request. CSRF exemption is read from the URLconf's
    callable before any import, so the wrapper declares it for the view it stands for."""
    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = import_string(dotted)(request, *args, **kwargs)
        return response

    view.csrf_exempt = csrf_exempt  # type: ignore[attr-defined]
    view.__name__ = dotted.rsplit(".", 1)[1]
    return view


def lazy_include(prefix: str, module: str, namespace: str) -> LazyURLResolver:
    """`path(prefix, include(module))` whose module is imported on first use; `namespace` is the module's
    app_name (it cannot be read from a module not yet imported)."""
    return LazyURLResolver(RoutePattern(prefix, is_endpoint=False), module, app_name=namespace, namespace=namespace)
