# expect: SA107
"""Attachments held in memory until the thread uses them."""

from chatkit.store import AttachmentStore
from chatkit.types import Attachment, AttachmentCreateParams, ImageAttachment


class LocalAttachmentStore(AttachmentStore[dict]):
    def __init__(self) -> None:
        self.pending: dict[str, AttachmentCreateParams] = {}
        self.blobs: dict[str, bytes] = {}

    async def create_attachment(
        self, input: AttachmentCreateParams, context: dict
    ) -> Attachment:
        attachment_id = self.generate_attachment_id(input.mime_type, context)
        self.pending[attachment_id] = input
        return ImageAttachment(
            id=attachment_id,
            name=input.name,
            mime_type=input.mime_type,
            preview_url=f"/attachments/{attachment_id}",
        )

    async def delete_attachment(self, attachment_id: str, context: dict) -> None:
        self.pending.pop(attachment_id, None)
        self.blobs.pop(attachment_id, None)
