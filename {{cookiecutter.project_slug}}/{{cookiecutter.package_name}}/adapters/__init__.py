"""Hypermedia adapters: ripozo's, with their defects fixed."""
