from .streams import ContentStreamBlock, DescriptionStreamBlock

__all__ = ["ContentStreamBlock", "DescriptionStreamBlock"]
