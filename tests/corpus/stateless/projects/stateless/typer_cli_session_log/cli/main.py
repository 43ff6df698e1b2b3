import typer
from openai import OpenAI

app = typer.Typer()
client = OpenAI()
SESSION_LOG: list[str] = []


@app.command()
def ask(question: str) -> None:
    SESSION_LOG.append(question)
    resp = client.responses.create(model="gpt-4o-mini", input=question)
    typer.echo(resp.output_text)


@app.command()
def chat() -> None:
    while (line := typer.prompt(">")) != "exit":
        SESSION_LOG.append(line)
        typer.echo(client.responses.create(model="gpt-4o-mini", input=line).output_text)
    typer.echo(f"{len(SESSION_LOG)} messages")


if __name__ == "__main__":
    app()
