console.log("model conversion not yet wired");
