"""A Telegram support bot: one long-running process answering every user's messages."""

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from support_bot.history import remember


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    turns = remember(update.effective_user.id, update.message.text)
    await update.message.reply_text(f"{len(turns)} messages so far")


def main() -> None:
    app = ApplicationBuilder().token("from-the-environment").build()
    app.add_handler(MessageHandler(filters.TEXT, reply))
    app.run_polling()


if __name__ == "__main__":
    main()
